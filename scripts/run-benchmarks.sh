#!/usr/bin/env bash
# Runs every benchmark executable and merges their Google Benchmark JSON into <build>/bench.json.
set -euo pipefail
build=${1:-build}
out="$build/bench"
mkdir -p "$out"
files=()
for exe in "$build"/bench/*_bench; do
  [ -x "$exe" ] || continue
  name=$(basename "$exe")
  echo "== $name"
  "$exe" --benchmark_out="$out/$name.json" --benchmark_out_format=json ${BENCH_ARGS:-}
  files+=("$out/$name.json")
done
python3 scripts/merge-bench-json.py "$build/bench.json" "${files[@]}"
echo "wrote $build/bench.json"
