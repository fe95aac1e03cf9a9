#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, when it is missing:
# Debian's Chromium for the browser tests. Never downloads a browser of its own.
set -euo pipefail

if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian chromium for the browser tests…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install chromium' or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi
