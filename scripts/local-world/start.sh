#!/usr/bin/env bash
# `npm start` on the local world (scripts/start.sh runs this when no AWS
# credentials are configured, or with SLIPWAY_WORLD=local):
#
#  1. starts the local world on 127.0.0.1 (packages/local-world/src/cli.ts):
#     moto_server for the AWS resources and, in front of it, the executor of
#     what moto lacks — pipeline executions, real builds, ECS and CodeDeploy
#     deployments — and a git server whose pushes start pipelines
#     (SLIPWAY_LOCAL_WORLD_PORT=N for a fixed port, else a free one);
#  2. creates the platform team's part (VPC, subnets, ALBs, ECS clusters
#     payments and payments-prod, artifact bucket), then provisions the
#     example components of examples/entities.yaml with the real slipway:*
#     scaffolder actions (scripts/local-world/provision.ts);
#  3. starts the portal (backstage-cli repo start) with app-config.yaml,
#     app-config.local.yaml when there is one, app-config.local-world.yaml and
#     two generated files (the environments, and the git server as a place
#     the catalog may read), every AWS client pointed at the local world.
#
# Ctrl-C stops the portal and the local world; everything in it is forgotten.
# Needs Node.js, git, python3 with moto[server]==5.2.1 and boto3, and free
# ports 3000 and 7007.
set -euo pipefail
set -m # every background job in its own process group, stopped as a whole

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
WORK=$(mktemp -d "${TMPDIR:-/tmp}/slipway-local-world.XXXXXX")
WORLD_PID=''
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
  say 'Stopping the portal and the local world'
  stop_group "$PORTAL_PID"
  stop_group "$WORLD_PID"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for port in 3000 7007; do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null ||
    (echo >"/dev/tcp/localhost/$port") 2>/dev/null; then
    echo "Port $port is in use (another portal?). Stop it and start again." >&2
    exit 1
  fi
done
python3 -c 'import moto.server, boto3' 2>/dev/null || {
  echo 'moto is not installed for python3: pip install "moto[server]==5.2.1" boto3' >&2
  exit 1
}
command -v git >/dev/null || {
  echo 'git is not on the PATH: the local world serves repositories with git http-backend' >&2
  exit 1
}

# Nothing of this machine's AWS setup reaches the local world or the portal
# (an empty AWS_PROFILE alone makes boto3 fail).
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE
unset AWS_CONTAINER_CREDENTIALS_FULL_URI AWS_CONTAINER_CREDENTIALS_RELATIVE_URI

say 'Starting the local world on 127.0.0.1'
node --require @backstage/cli/config/nodeTransform.cjs packages/local-world/src/cli.ts \
  --work-root "$WORK/world" ${SLIPWAY_LOCAL_WORLD_PORT:+--port "$SLIPWAY_LOCAL_WORLD_PORT"} \
  </dev/null >"$WORK/world.json" 2>"$WORK/world.log" &
WORLD_PID=$!
for _ in $(seq 1 600); do
  [[ -s $WORK/world.json ]] && break
  kill -0 "$WORLD_PID" 2>/dev/null || { cat "$WORK/world.log" >&2; exit 1; }
  sleep 0.1
done
ENDPOINT=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]).endpoint)' "$WORK/world.json")
echo "The local world: $ENDPOINT"

# Every AWS SDK client (scaffolder actions, backend plugin, boto3) goes to
# the local world with fake keys; nothing can reach a real account.
export AWS_ENDPOINT_URL=$ENDPOINT
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true
export AWS_MAX_ATTEMPTS=1 # an error is an answer here, never a transient fault
# The example backend registers publish:local-world, which pushes there.
export SLIPWAY_LOCAL_WORLD_URL=$ENDPOINT

say 'Provisioning the example components with the slipway:* actions'
node --require @backstage/cli/config/nodeTransform.cjs scripts/local-world/provision.ts \
  --write-config "$WORK/app-config.local-world-environments.yaml"
# The catalog registers new services from the local world's git server.
cat >"$WORK/app-config.local-world-git.yaml" <<EOF
backend:
  reading:
    allow:
      - host: ${ENDPOINT#http://}
        paths: [/git/]
EOF
local_config=()
if [[ -f $ROOT/app-config.local.yaml ]]; then
  local_config=(--config "$ROOT/app-config.local.yaml")
fi

say 'Starting the portal (backend http://localhost:7007, app http://localhost:3000)'
npx --no-install backstage-cli repo start \
  --config "$ROOT/app-config.yaml" "${local_config[@]}" \
  --config "$ROOT/app-config.local-world.yaml" \
  --config "$WORK/app-config.local-world-environments.yaml" \
  --config "$WORK/app-config.local-world-git.yaml" </dev/null &
PORTAL_PID=$!

for _ in $(seq 1 600); do
  curl -fs -o /dev/null http://localhost:7007/.backstage/health/v1/readiness && break
  kill -0 "$PORTAL_PID" 2>/dev/null || exit 1
  sleep 0.5
done
say 'Slipway is running on the local world: http://localhost:3000 (Ctrl-C stops everything)'
cat <<EOF
  Create → "Flask service on Amazon ECS": the new repository goes to the local world's git
    server and its pipeline builds, tests and deploys it; follow it in the CI/CD tab.
  Its repository: git clone $ENDPOINT/git/<owner>/<name>.git — a push to main starts the pipeline.
  Look inside: AWS_ENDPOINT_URL=$ENDPOINT AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \\
    aws ecs list-services --cluster payments --region us-east-1
EOF
wait "$PORTAL_PID"
