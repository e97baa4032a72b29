#!/usr/bin/env bash
# End-to-end tests in headless Chromium (Debian's, driven by playwright-core)
# against the native demo server: the demo page with the release pkg/, as a
# user gets them from ./demo/run.sh, and the React host app (tests/host)
# built for React 18 and 19 from the package's npm tarball. Expects REPO_ROOT exported and an
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
# The React host app (React 18 and 19 builds), from the package tarball.
bash tests/host/build.sh

# shellcheck source=../../demo/scripts/background-server.sh
source demo/scripts/background-server.sh
start_demo_server
start_server_as HOST_REACT18_URL --web-root "$REPO_ROOT/target/host/react18"
start_server_as HOST_REACT19_URL --web-root "$REPO_ROOT/target/host/react19"
# Hostile workspaces (tests/e2e/hostile-cases.mjs), ~5 MB with a huge icon URL.
mkdir -p target/e2e
node tests/e2e/hostile-cases.mjs >target/e2e/hostile-workspaces.json
start_server_as HOSTILE_URL --workspaces "$REPO_ROOT/target/e2e/hostile-workspaces.json"
# Not exec: the EXIT trap must still run to stop the server.
set +e
node --test --test-reporter=spec tests/e2e/*.test.js
status=$?
set -e
exit "$status"
