#!/usr/bin/env bash
# Test tools from the npm registry (SARIF validation), installed once into .cache/.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v npm >/dev/null && [ ! -x .cache/npm/node_modules/.bin/sarif-multitool ]; then
  mkdir -p .cache/npm
  npm install --prefix .cache/npm --no-audit --no-fund --silent @microsoft/sarif-multitool >/dev/null 2>&1 ||
    echo "install-test-tools: could not install @microsoft/sarif-multitool; SARIF validation will be skipped" >&2
fi
