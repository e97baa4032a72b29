#!/usr/bin/env bash
# End-to-end tests: the demo page in headless Chromium (Debian's, driven by
# playwright-core), against the release pkg/ and the native demo server,
# as a user gets them from ./demo/run.sh. Expects REPO_ROOT exported and an
# ensured toolchain (tests/run.sh does both). Exits with node's status; its
# spec reporter ends with "ℹ pass N" / "ℹ fail N" lines for the summary.
set -euo pipefail
: "${REPO_ROOT:?export REPO_ROOT (the repository root); tests/run.sh does}"
cd "$REPO_ROOT"
# shellcheck source=../../demo/scripts/toolchain.sh
source demo/scripts/toolchain.sh

ensure_npm tests/e2e
bash demo/scripts/build-pkg.sh
# Same profile and flags as demo/run.sh, so the two share build artifacts.
cargo build --quiet --release -p coder-demo-server

# shellcheck source=../../demo/scripts/background-server.sh
source demo/scripts/background-server.sh
start_demo_server
# Not exec: the EXIT trap must still run to stop the server.
set +e
node --test --test-reporter=spec tests/e2e/*.test.js
status=$?
set -e
exit "$status"
