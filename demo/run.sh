#!/usr/bin/env bash
# Builds everything and serves the demo: a fake Backstage entity page with
# the Coder elements, in front of a fake Coder deployment and Backstage
# backend (one native server on 127.0.0.1). Installs what is missing first.
# Flags are passed to the server, e.g.:
#   ./demo/run.sh --port 7311 --token abc --workspaces my.json
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
cd "$REPO_ROOT"
# shellcheck source=scripts/toolchain.sh
source demo/scripts/toolchain.sh
ensure_toolchain

bash demo/scripts/build-pkg.sh
cargo build --quiet --release -p coder-demo-server
exec "$REPO_ROOT/target/release/coder-demo-server" --web-root demo/web --pkg-dir pkg "$@"
