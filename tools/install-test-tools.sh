#!/usr/bin/env bash
# Test tools from the npm registry (SARIF validation), installed once into .cache/npm.
#
# @microsoft/sarif-multitool pulls a self-contained native build (no .NET needed) through its
# optional dependency @microsoft/sarif-multitool-<platform>. The tests run that executable
# directly: the package's node launcher passes arguments through a shell unquoted, so
# `--rule-kind "Sarif;Gh"` would lose GitHub's rules after the ';'.
set -euo pipefail
cd "$(dirname "$0")/.."
case "$(uname -s)" in
  Linux) platform=linux ;;
  Darwin) platform=darwin ;;
  *) echo "install-test-tools: no SARIF multitool build for $(uname -s); SARIF validation will be skipped" >&2; exit 0 ;;
esac
tool=.cache/npm/node_modules/@microsoft/sarif-multitool-$platform/Sarif.Multitool
if [ -x "$tool" ]; then exit 0; fi
# npm may come from Debian or with another nodejs build (nodesource's bundles it and
# conflicts with Debian's npm package): install Debian's only when there is no npm at all.
if ! command -v npm >/dev/null; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null 2>&1 || true
fi
if ! command -v npm >/dev/null; then
  echo "install-test-tools: npm not found; SARIF validation will be skipped" >&2
  exit 0
fi
mkdir -p .cache/npm
if npm install --prefix .cache/npm --no-audit --no-fund --silent @microsoft/sarif-multitool >/dev/null 2>&1 &&
   [ -f "$tool" ]; then
  chmod +x "$tool"
else
  echo "install-test-tools: could not install @microsoft/sarif-multitool; SARIF validation will be skipped" >&2
fi
