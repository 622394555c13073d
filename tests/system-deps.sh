#!/bin/sh
# System packages the test suite needs beyond PyPI: Debian's Chromium, for the test that opens the
# history report (edgarliq history) in a real headless browser. Installed only when missing; as
# root directly, otherwise through sudo. Never downloads a browser of its own.
set -eu
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "tests/system-deps.sh: install Chromium with your package manager (no apt-get here)" >&2
    exit 1
fi
as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"
echo "tests/system-deps.sh: installing Debian's chromium (for the headless-browser test)" >&2
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium >/dev/null
