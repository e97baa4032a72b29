#!/usr/bin/env bash
# One command from a fresh clone: builds the demo server (the fake Coder),
# installs the real Backstage backend's npm packages (cached by lock-file
# hash) and runs the smoke test against both. No wasm or browser needed.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT
export PATH="$HOME/.cargo/bin:$PATH"
# shellcheck source=start.sh
source "$REPO_ROOT/tests/backstage/start.sh"

(cd "$REPO_ROOT" && cargo build --release --quiet -p coder-demo-server)
export CODER_DEMO_SERVER="${CARGO_TARGET_DIR:-$REPO_ROOT/target}/release/coder-demo-server"
ensure_backstage
cd "$REPO_ROOT/tests/backstage"
node --test --test-reporter=spec smoke.test.js
echo "observations: $REPO_ROOT/target/backstage-smoke/observations.json" >&2
