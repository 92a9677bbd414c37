#!/usr/bin/env bash
# Installs the Debian packages the tests need when one is missing: Chromium for the Playwright tests, CJK fonts so that
# screenshots of the Chinese pages show text, Debian's PyTorch for the test that loads the lab's export, PostgreSQL and
# Redis for the tests of the scale-out profile (started by deploy/servers.sh, never as services), and nginx with curl
# and openssl for the cluster test (deploy/cluster.sh runs nginx with its own configuration). `dotnet test`
# runs this before the tests (tests/Directory.Build.targets); when everything is there it does nothing.
set -euo pipefail

packages=(chromium fonts-noto-cjk python3-torch postgresql redis-server nginx curl openssl)

if ! command -v dpkg-query >/dev/null; then
    echo "Not a Debian machine: make sure these are installed: ${packages[*]}" >&2
    exit 0
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "The tests need these Debian packages: ${missing[*]}. Run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi

echo "Installing what the tests need: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
