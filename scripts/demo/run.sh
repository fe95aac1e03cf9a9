#!/usr/bin/env bash
# `npm run demo`: Slipway without an AWS account.
#
#  1. starts moto_server on 127.0.0.1 behind scripts/demo/moto.js's adapter
#     (DEMO_MOTO_PORT=N for a fixed port, else a free one);
#  2. creates the platform team's part (VPC, subnets, ALBs, ECS clusters
#     payments and payments-prod, artifact bucket) with boto3, then provisions
#     the example components of examples/entities.yaml with the real slipway:*
#     scaffolder actions (scripts/demo/provision.ts);
#  3. starts the portal (backstage-cli repo start) with app-config.yaml,
#     app-config.demo.yaml and the generated environments, every AWS client
#     pointed at moto through AWS_ENDPOINT_URL.
#
# Ctrl-C stops the portal and moto_server. Needs Node.js, python3 with
# moto[server]==5.2.1 and boto3, and free ports 3000 and 7007.
set -euo pipefail
set -m # every background job in its own process group, stopped as a whole

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
WORK=$(mktemp -d "${TMPDIR:-/tmp}/slipway-demo.XXXXXX")
MOTO_PID=''
PORTAL_PID=''

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

stop_group() {
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}

cleanup() {
  trap - EXIT INT TERM
  say 'Stopping the portal and moto_server'
  stop_group "$PORTAL_PID"
  stop_group "$MOTO_PID"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for port in 3000 7007; do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null ||
    (echo >"/dev/tcp/localhost/$port") 2>/dev/null; then
    echo "Port $port is in use (another portal?). Stop it and run the demo again." >&2
    exit 1
  fi
done
command -v moto_server >/dev/null || {
  echo 'moto_server is not on the PATH: pip install "moto[server]==5.2.1" boto3' >&2
  exit 1
}

say 'Starting moto_server on 127.0.0.1'
node scripts/demo/moto.js ${DEMO_MOTO_PORT:+--port "$DEMO_MOTO_PORT"} \
  </dev/null >"$WORK/moto.json" 2>"$WORK/moto.log" &
MOTO_PID=$!
for _ in $(seq 1 400); do
  [[ -s $WORK/moto.json ]] && break
  kill -0 "$MOTO_PID" 2>/dev/null || { cat "$WORK/moto.log" >&2; exit 1; }
  sleep 0.1
done
ENDPOINT=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]).endpoint)' "$WORK/moto.json")
echo "moto_server (through the adapter): $ENDPOINT"

# Every AWS SDK client (scaffolder actions, backend plugin, boto3) goes to
# moto with fake keys; nothing can reach a real account.
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE
export AWS_ENDPOINT_URL=$ENDPOINT
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true
export AWS_MAX_ATTEMPTS=1 # moto answers what it does not implement with HTTP 500

say 'Provisioning the example components with the slipway:* actions'
node --require @backstage/cli/config/nodeTransform.cjs scripts/demo/provision.ts \
  --write-config "$WORK/app-config.demo-environments.yaml"

say 'Starting the portal (backend http://localhost:7007, app http://localhost:3000)'
npx --no-install backstage-cli repo start \
  --config "$ROOT/app-config.yaml" \
  --config "$ROOT/app-config.demo.yaml" \
  --config "$WORK/app-config.demo-environments.yaml" </dev/null &
PORTAL_PID=$!

for _ in $(seq 1 600); do
  curl -fs -o /dev/null http://localhost:7007/.backstage/health/v1/readiness && break
  kill -0 "$PORTAL_PID" 2>/dev/null || exit 1
  sleep 0.5
done
say 'Slipway demo is running: http://localhost:3000 (Ctrl-C stops everything)'
cat <<EOF
  Catalog → any of orders-api, ledger-worker, checkout-web, refunds-api:
    Deployments tab: the ECS services the actions created, with their status in moto
    CI/CD tab: the pipelines' stages and actions, never run (moto cannot run pipelines)
  AWS_ENDPOINT_URL=$ENDPOINT AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \\
    aws ecs list-services --cluster payments --region us-east-1   # look inside moto
EOF
wait "$PORTAL_PID"
