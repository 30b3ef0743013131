#!/usr/bin/env bash
# Builds zkscan and runs the whole test suite: a warnings-as-errors build, then the same
# suite under AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
export ZKSCAN_EXTRA_PACKAGES="pre-commit shellcheck"

tools/setup.sh build -DZKSCAN_TESTS=ON -DZKSCAN_WERROR=ON
tools/install-test-tools.sh
(cd build && ctest --output-on-failure -j "$(nproc)")

if [ "${ZKSCAN_SKIP_SANITIZERS:-0}" != 1 ]; then
  tools/setup.sh build-asan -DZKSCAN_TESTS=ON -DZKSCAN_WERROR=ON -DZKSCAN_SANITIZE=ON \
    -DZKSCAN_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure -j "$(nproc)")
fi
