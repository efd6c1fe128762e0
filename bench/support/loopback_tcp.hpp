// The kernel's loopback TCP connection cycle (connect + accept + close), the yardstick the call
// cycle is compared with in the same run: both set up and tear down a connection.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace condis::bench {

class LoopbackTcpListener {
 public:
  LoopbackTcpListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket");
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("bind");
    if (::listen(fd_, 1024) != 0) throw std::runtime_error("listen");
    socklen_t len = sizeof addr_;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr_), &len);
  }
  ~LoopbackTcpListener() { ::close(fd_); }

  // One connection set up and torn down: connect, accept, close both ends. The client end
  // closes with SO_LINGER 0 so TIME_WAIT does not exhaust ports in a long benchmark.
  bool cycle() {
    int client = ::socket(AF_INET, SOCK_STREAM, 0);
    if (client < 0) return false;
    linger lg{1, 0};
    ::setsockopt(client, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    bool ok = ::connect(client, reinterpret_cast<const sockaddr*>(&addr_), sizeof addr_) == 0;
    int server = ok ? ::accept(fd_, nullptr, nullptr) : -1;
    ok = ok && server >= 0;
    if (server >= 0) ::close(server);
    ::close(client);
    return ok;
  }

 private:
  int fd_ = -1;
  sockaddr_in addr_{};
};

}  // namespace condis::bench
