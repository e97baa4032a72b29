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

SERVER_LOG="$(mktemp)"
"$REPO_ROOT/target/release/coder-demo-server" \
  --web-root demo/web --pkg-dir pkg --port 0 >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
cleanup() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  rm -f "$SERVER_LOG"
}
trap cleanup EXIT

# --port 0 lets the OS pick a free port (no clash with a running demo or a
# parallel run); the server prints the address once it is listening.
DEMO_URL=""
for _ in $(seq 300); do
  DEMO_URL="$(sed -n 's|^Coder demo server on \(http://[^ ]*\)$|\1|p' "$SERVER_LOG")"
  [ -n "$DEMO_URL" ] && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$DEMO_URL" ]; then
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "error: the demo server did not print its address within 30 s; its output:" >&2
  else
    echo "error: the demo server exited before printing its address; its output:" >&2
  fi
  cat "$SERVER_LOG" >&2
  exit 1
fi
echo "demo server: $DEMO_URL"

export DEMO_URL
# Not exec: the EXIT trap must still run to stop the server.
set +e
node --test --test-reporter=spec tests/e2e/*.test.js
status=$?
set -e
exit "$status"
