#!/usr/bin/env bash
# Builds zkscan and runs the whole test suite: a warnings-as-errors build, then the same
# suite under AddressSanitizer and UndefinedBehaviorSanitizer, then each fuzz target for a
# short while (libFuzzer, clang). ZKSCAN_SKIP_SANITIZERS=1 / ZKSCAN_SKIP_FUZZ=1 skip a stage;
# ZKSCAN_FUZZ_SECONDS sets the time per fuzz target (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
export ZKSCAN_EXTRA_PACKAGES="pre-commit shellcheck clang libclang-rt-dev"

tools/setup.sh build -DZKSCAN_TESTS=ON -DZKSCAN_WERROR=ON
tools/install-test-tools.sh
(cd build && ctest --output-on-failure -j "$(nproc)")

if [ "${ZKSCAN_SKIP_SANITIZERS:-0}" != 1 ]; then
  tools/setup.sh build-asan -DZKSCAN_TESTS=ON -DZKSCAN_WERROR=ON -DZKSCAN_SANITIZE=ON \
    -DZKSCAN_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
  # A distinct exit code: a sanitizer's default of 1 would pass for "findings".
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:exitcode=86 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86 \
    ctest --output-on-failure -j "$(nproc)")
fi

if [ "${ZKSCAN_SKIP_FUZZ:-0}" != 1 ]; then
  if command -v clang++ >/dev/null; then
    tools/fuzz.sh "${ZKSCAN_FUZZ_SECONDS:-20}"
  else
    echo "test: clang++ not found, fuzzing skipped (the seed corpora ran as ctest tests)" >&2
  fi
fi
