#!/usr/bin/env bash
# Installs the Debian packages condis builds and tests with, only those that are missing.
set -euo pipefail
pkgs=(cmake ninja-build g++ gcc clang make pkg-config python3
      libgtest-dev libgmock-dev googletest libbenchmark-dev
      mingw-w64 libclang-rt-14-dev
      nlohmann-json3-dev libcli11-dev libfmt-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "condis: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
