#!/usr/bin/env bash
# One command from a fresh clone: builds the demo server (the fake Coder),
# installs the real Backstage backend's npm packages (cached by lock-file
# hash) and runs the smoke tests (*.test.js, each file with its own stack)
# against both. No wasm or browser needed.
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
# Node's default runs one file at a time on a 2-CPU machine; the files
# spend most of their time waiting for their backends to start, so they
# overlap well (3.8 s instead of 5.5 s there).
node --test --test-concurrency=2 --test-reporter=spec ./*.test.js
echo "observations: $REPO_ROOT/target/backstage-smoke/observations.json" >&2
