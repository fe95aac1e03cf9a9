#!/usr/bin/env bash
# Every check of the repository: typecheck, lint, formatting, unit tests of every
# workspace, and the browser tests against the example portal. Ends with one line
# "N passed, N failed" counting checks and tests.
set -uo pipefail
cd "$(dirname "$0")/.."
out=.ci/out
rm -rf "$out" && mkdir -p "$out"

bash scripts/ensure-test-deps.sh || exit 1

status=0
check() {
  local name=$1
  shift
  echo "::: $name"
  local started=$SECONDS
  if "$@"; then
    echo "{\"name\":\"$name\",\"ok\":true,\"seconds\":$((SECONDS - started))}" >>"$out/checks.jsonl"
  else
    echo "{\"name\":\"$name\",\"ok\":false,\"seconds\":$((SECONDS - started))}" >>"$out/checks.jsonl"
    status=1
  fi
}

check typecheck npx tsc --noEmit
check lint npx backstage-cli repo lint
check prettier npx prettier --check . --loglevel warn
check unit env CI=true npx backstage-cli repo test --json --outputFile="$out/unit.json"
check e2e env CI=true npx playwright test

node scripts/summarize-tests.mjs "$out" || status=1
exit $status
