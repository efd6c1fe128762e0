// The seeded random number generators of the schedulers. Written out here rather than taken from
// <random>: the standard distributions differ between library versions, and a seed must replay
// the same run everywhere.
#pragma once

#include <cstdint>

namespace condis::exec {

// splitmix64: expands one 64-bit seed into well-mixed state words (and is a fine generator on its
// own where one word of state is all there is room for).
inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman and Vigna): fast, 256 bits of state, good statistical quality.
class Prng {
 public:
  // stream separates generators drawn from one seed (scheduling choices vs. random()).
  explicit Prng(uint64_t seed, uint64_t stream = 0) {
    uint64_t sm = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (auto& word : s_) word = splitmix64(sm);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, bound) without modulo bias (rejection); bound 0 gives 0.
  uint64_t below(uint64_t bound) {
    if (bound <= 1) return 0;
    const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    uint64_t x;
    do x = next();
    while (x >= limit);
    return x % bound;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace condis::exec
