#!/usr/bin/env bash
# Installs the Debian packages attest needs to build, test and run its demo, when
# they are missing. Says what it installs; does nothing when all are present.
set -euo pipefail

packages=(build-essential cmake git pkg-config python3 iproute2
          libcpp-httplib-dev nlohmann-json3-dev catch2 libyaml-cpp-dev)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "attest: all build dependencies are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "attest: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "attest: installing missing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "attest: dependencies installed"
