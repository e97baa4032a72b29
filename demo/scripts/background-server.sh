#!/usr/bin/env bash
# Sourced by the test and benchmark scripts: starts release demo servers in
# the background on free loopback ports and stops them all on exit.

# Sourcing again (tests/backstage/start.sh does) must not forget servers
# already started, nor cleanups already registered.
[ -n "${SERVER_PIDS+set}" ] || SERVER_PIDS=()
[ -n "${SERVER_LOGS+set}" ] || SERVER_LOGS=()
[ -n "${EXIT_CLEANUPS+set}" ] || EXIT_CLEANUPS=()

# add_exit_cleanup FN: runs FN on exit along with every other registered
# cleanup. A script owns one EXIT trap; if each kind of server set its own,
# the last one started would replace the others' and leave them running.
add_exit_cleanup() {
  local f
  for f in "${EXIT_CLEANUPS[@]}"; do [ "$f" = "$1" ] && return 0; done
  EXIT_CLEANUPS+=("$1")
  trap run_exit_cleanups EXIT
}

run_exit_cleanups() {
  local f
  for f in "${EXIT_CLEANUPS[@]}"; do "$f" || true; done
}

# A free loopback port, for a server that must know its own port up front:
# the Backstage backend (backend.baseUrl is in OAuth redirect URIs) and a
# demo server whose wildcard app host names its port.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# start_server_as VAR [SERVER FLAGS...]: starts a server (later flags win
# over the defaults) and exports VAR as its address once it listens; fails
# with its output if it doesn't within 30 s.
start_server_as() {
  local var="$1"; shift
  local log pid url=""
  log="$(mktemp)"
  "$REPO_ROOT/target/release/coder-demo-server" \
    --web-root "$REPO_ROOT/demo/web" --pkg-dir "$REPO_ROOT/pkg" --port 0 "$@" >"$log" 2>&1 &
  pid=$!
  SERVER_PIDS+=("$pid")
  SERVER_LOGS+=("$log")
  add_exit_cleanup stop_demo_servers

  # --port 0 lets the OS pick a free port (no clash with a running demo or
  # a parallel run); the server prints the address once it is listening.
  for _ in $(seq 300); do
    url="$(sed -n 's|^Coder demo server on \(http://[^ ]*\)$|\1|p' "$log")"
    [ -n "$url" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$url" ]; then
    if kill -0 "$pid" 2>/dev/null; then
      echo "error: the demo server did not print its address within 30 s; its output:" >&2
    else
      echo "error: the demo server exited before printing its address; its output:" >&2
    fi
    cat "$log" >&2
    return 1
  fi
  echo "demo server ($var): $url" >&2
  export "$var=$url"
}

# start_demo_server [SERVER FLAGS...]: the demo page's server; sets DEMO_URL.
start_demo_server() {
  start_server_as DEMO_URL "$@"
}

stop_demo_servers() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "${SERVER_LOGS[@]}"
  SERVER_PIDS=()
  SERVER_LOGS=()
}
