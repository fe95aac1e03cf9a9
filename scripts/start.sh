#!/usr/bin/env bash
# `npm start`: the portal, on AWS or on the local world.
#
# SLIPWAY_WORLD chooses:
#   aws   — the portal alone (backstage-cli repo start); the backend uses the
#           AWS credentials of app-config.local.yaml or of the standard AWS
#           environment. Nothing local is started.
#   local — the local world first (moto plus the executor for pipelines,
#           builds and deploys, and a git server, all on 127.0.0.1), then the
#           portal pointed at it; see packages/local-world/README.md.
#   unset — aws when AWS credentials are configured, local otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The native modules in node_modules are built for the Node that ran `npm ci`
# (24): an older node starts a portal whose plugins fail one by one.
node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 22)); then
  echo "Slipway runs on Node 22 or 24; this shell has $(node --version)." >&2
  echo "Run '. scripts/use-node.sh' first (it brings Node 24 from the npm registry), then 'npm start'." >&2
  exit 1
fi

aws_configured() {
  [[ -n ${AWS_ACCESS_KEY_ID:-} || -n ${AWS_PROFILE:-} ||
    -n ${AWS_WEB_IDENTITY_TOKEN_FILE:-} ||
    -n ${AWS_CONTAINER_CREDENTIALS_FULL_URI:-} ||
    -n ${AWS_CONTAINER_CREDENTIALS_RELATIVE_URI:-} ]] && return 0
  [[ -s ${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials} ]] && return 0
  [[ -s ${AWS_CONFIG_FILE:-$HOME/.aws/config} ]] && return 0
  # app-config.local.yaml with an aws: section (mainAccount, accounts, …)
  [[ -f app-config.local.yaml ]] && grep -qE '^aws:' app-config.local.yaml
}

world=${SLIPWAY_WORLD:-}
if [[ -z $world ]]; then
  if aws_configured; then world=aws; else world=local; fi
fi

case $world in
aws)
  echo "SLIPWAY_WORLD=aws: starting the portal against AWS"
  exec npx --no-install backstage-cli repo start "$@"
  ;;
local)
  echo "SLIPWAY_WORLD=local: starting the local world, then the portal (no AWS is touched)"
  exec bash scripts/local-world/start.sh "$@"
  ;;
*)
  echo "SLIPWAY_WORLD must be aws or local (or unset: aws when AWS credentials are configured); got '$world'" >&2
  exit 2
  ;;
esac
