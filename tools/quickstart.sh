#!/usr/bin/env bash
# Quick start: install what is missing, build, and scan the bundled demo project.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh build -DZKSCAN_TESTS=OFF
echo
echo "\$ build/zkscan scan examples/demo"
status=0
build/zkscan scan examples/demo || status=$?
echo
echo "(exit code $status: 0 clean, 1 findings, 2 error)"
[ "$status" -le 1 ]
