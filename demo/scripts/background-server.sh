#!/usr/bin/env bash
# Sourced by the test and benchmark scripts: starts the release demo server
# in the background on a free loopback port and stops it on exit.

# start_demo_server [SERVER FLAGS...]: sets DEMO_URL (and SERVER_PID) once
# the server listens; fails with its output if it doesn't within 30 s.
start_demo_server() {
  SERVER_LOG="$(mktemp)"
  "$REPO_ROOT/target/release/coder-demo-server" \
    --web-root "$REPO_ROOT/demo/web" --pkg-dir "$REPO_ROOT/pkg" --port 0 "$@" >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  trap stop_demo_server EXIT

  # --port 0 lets the OS pick a free port (no clash with a running demo or
  # a parallel run); the server prints the address once it is listening.
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
    return 1
  fi
  echo "demo server: $DEMO_URL" >&2
  export DEMO_URL
}

stop_demo_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  rm -f "$SERVER_LOG"
}
