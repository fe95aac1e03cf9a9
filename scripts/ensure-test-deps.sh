#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, when it is missing:
# Debian's Chromium for the browser tests (never a browser download of its own),
# redis-server and PostgreSQL for the scale-out test, the AWS CLI that the
# pipeline's Start-tasks commands run in the stage play-through test,
# and moto_server, boto3, pytest and Flask from pip for the AWS emulator tests
# and the template's generated service.
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

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql)
command -v aws >/dev/null || missing+=(awscli)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} for the scale-out and pipeline tests…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing ${missing[*]}: run 'sudo apt-get install ${missing[*]}'." >&2
    exit 1
  fi
fi

if ! command -v moto_server >/dev/null || ! python3 -c 'import boto3, pytest, flask' 2>/dev/null; then
  echo "Installing moto_server, boto3, pytest and Flask with pip…"
  python3 -m pip install --quiet --disable-pip-version-check --retries 0 \
    "moto[server]==5.2.1" boto3 pytest flask
fi
