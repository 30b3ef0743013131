#!/usr/bin/env bash
# Installs what zkscan needs on Debian 12 (only what is missing), then configures and builds.
# Usage: tools/setup.sh [BUILD_DIR] [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
shift || true

packages=(build-essential cmake pkg-config git python3 libgit2-dev zlib1g-dev libfmt-dev catch2
          libcli11-dev libtomlplusplus-dev nlohmann-json3-dev)
# Hyperscan is x86-only; Vectorscan is its portable fork with the same API. Keep whichever
# is installed, otherwise pick the one for this architecture.
if dpkg -s libvectorscan-dev >/dev/null 2>&1; then
  packages+=(libvectorscan-dev)
elif [ "$(dpkg --print-architecture)" = amd64 ]; then
  packages+=(libhyperscan-dev)
else
  packages+=(libvectorscan-dev)
fi
# shellcheck disable=SC2206 # a space-separated list of package names
packages+=(${ZKSCAN_EXTRA_PACKAGES:-})

missing=()
for p in "${packages[@]}"; do
  [ -n "$p" ] || continue
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
