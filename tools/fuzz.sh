#!/usr/bin/env bash
# Builds the fuzz targets (tests/fuzz) with clang, libFuzzer, ASan and UBSan, and runs each for
# a while, starting from the seed corpora. New inputs and crash reproducers stay in the build
# directory; a crash fails the script and prints how to replay it.
# Usage: tools/fuzz.sh [SECONDS_PER_TARGET (default 30)] [TARGET... (default: config scanner report)]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config scanner report)
build=${ZKSCAN_FUZZ_BUILD_DIR:-build-fuzz}

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (apt-get install clang libclang-rt-dev)" >&2
  exit 2
fi
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DZKSCAN_FUZZ=ON -DZKSCAN_TESTS=ON \
  -DZKSCAN_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

status=0
for t in "${targets[@]}"; do
  corpus="$build/fuzz/corpus/$t"
  artifacts="$build/fuzz/artifacts/$t/"
  log="$build/fuzz/$t.log"
  mkdir -p "$corpus" "$artifacts"
  args=(-max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=4096
        -print_final_stats=1 -artifact_prefix="$artifacts")
  [ -f "tests/fuzz/dict/$t.dict" ] && args+=(-dict="tests/fuzz/dict/$t.dict")
  # The first directory receives new inputs; the committed seeds are only read.
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "$build/tests/fuzz/fuzz_$t" "${args[@]}" "$corpus" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    echo "fuzz: $t: ok, ${execs:-?} runs in ${seconds} s (${rate:-?}/s), corpus $(ls "$corpus" | wc -l) inputs"
  else
    status=1
    echo "fuzz: $t: FAILED (log: $log)" >&2
    grep -E "^(==|fuzz check failed|SUMMARY|artifact_prefix|Test unit written)|ERROR" "$log" | head -20 >&2 || true
    echo "fuzz: replay with: $build/tests/fuzz/fuzz_$t $artifacts<crash-file>" >&2
  fi
done
exit $status
