#!/usr/bin/env bash
# Runs every libFuzzer target in <build>/tests/fuzz for FUZZ_SECONDS each (default 60), starting
# from the committed seeds (tests/fuzz/corpus/<target>, read only) plus what earlier runs found
# (<build>/fuzz/corpus/<target>, where new inputs go). Crashes land in <build>/fuzz/artifacts/.
set -euo pipefail
build=${1:-build-fuzz}
seconds=${FUZZ_SECONDS:-60}
status=0
for exe in "$build"/tests/fuzz/condis_fuzz_*; do
  [ -x "$exe" ] || continue
  target=${exe##*/condis_fuzz_}
  corpus="$build/fuzz/corpus/$target"
  artifacts="$build/fuzz/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  echo "== $target: ${seconds}s"
  # Leak checking stays on: memory a shutdown leaves behind is a lost-state bug too.
  if ! "$exe" "$corpus" "tests/fuzz/corpus/$target" -max_total_time="$seconds" -max_len=1024 -len_control=10 -timeout=20 \
      -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$artifacts" ${FUZZ_ARGS:-} 2>"$build/fuzz/$target.log"; then
    status=1
    echo "!! $target failed: see $build/fuzz/$target.log and $artifacts"
  fi
  grep -aE "^(#[0-9]+\s+(INITED|DONE)|stat::)" "$build/fuzz/$target.log" || true
  tail -n 3 "$build/fuzz/$target.log" | grep -av "^stat::" || true
done
exit $status
