#!/usr/bin/env bash
# A real Backstage backend (tests/backstage/backend.js) in front of a Coder
# deployment, usually the demo server's fake one.
#
# Sourced: defines ensure_backstage, start_backstage and stop_backstage for
# test scripts (REPO_ROOT must be set).
# Run:     bash tests/backstage/start.sh [--port P] [--coder-url URL] [--app DIR]
#          installs, starts the backend (serving the app package DIR at /
#          with --app, see start_backstage), prints its URL and keeps it up
#          until Ctrl-C.

# Sourcing again must not forget backends already started.
[ -n "${BACKSTAGE_PIDS+set}" ] || BACKSTAGE_PIDS=()
[ -n "${BACKSTAGE_LOGS+set}" ] || BACKSTAGE_LOGS=()

# npm packages of tests/backstage, reinstalled only when the lock file changed.
ensure_backstage() {
  # better-sqlite3 has no prebuilt binary reachable from here and node-gyp
  # would download Node's headers; the distribution's copy in /usr has them.
  if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node_api.h ]; then
    export npm_config_nodedir=/usr
  fi
  # shellcheck source=../../demo/scripts/toolchain.sh
  source "$REPO_ROOT/demo/scripts/toolchain.sh"
  ensure_npm tests/backstage
}

# start_backstage CODER_URL [PORT]: starts the backend, waits until its
# readiness check answers, exports BACKSTAGE_URL and BACKSTAGE_PID, and
# stops it on exit. Extra config can come from the environment (see
# app-config.yaml: CODER_OAUTH_CLIENT_ID, CODER_OAUTH_CLIENT_SECRET,
# BACKSTAGE_APP_URL). BACKSTAGE_EXTRA_CONFIG names config files (separated
# by ':', later ones winning; a list replaces a list) read on top
# of app-config.yaml (app-config.coder-sign-in.yaml); with
# BACKSTAGE_CLOCK_CONTROL=1, SIGUSR2 to BACKSTAGE_PID moves the backend's
# clock (clock.js).
#
# With BACKSTAGE_APP_DIR set (an app package as tests/host/build.sh real
# writes it: package.json named `app`, dist/), the backend also serves that
# app at / through @backstage/plugin-app-backend, and app.baseUrl is the
# backend's own URL.
start_backstage() {
  local coder_url="${1:?start_backstage needs the Coder URL}"
  local port="${2:-}"
  [ -n "$port" ] && [ "$port" != 0 ] || port="$(free_port)"
  local log pid url="http://127.0.0.1:$port" t0
  log="$(mktemp)"
  local -a extra_env=()
  if [ -n "${BACKSTAGE_APP_DIR:-}" ]; then
    [ -f "$BACKSTAGE_APP_DIR/package.json" ] && [ -d "$BACKSTAGE_APP_DIR/dist/static" ] || {
      echo "error: BACKSTAGE_APP_DIR=$BACKSTAGE_APP_DIR is not a built app (package.json, dist/static/)" >&2
      return 1
    }
    # A node_modules of one package, `app`: what a monorepo's workspace
    # link is, without touching tests/backstage's node_modules. A copy, not
    # a link: the app backend writes its frontend config into the bundle's
    # files in place, and several backends may serve one build at once.
    local modules
    modules="$(mktemp -d)"
    cp -R "$BACKSTAGE_APP_DIR" "$modules/app"
    BACKSTAGE_LOGS+=("$modules")
    extra_env+=(NODE_PATH="$modules" BACKSTAGE_APP_DIR="$BACKSTAGE_APP_DIR" BACKSTAGE_APP_URL="$url")
  fi
  local -a node_args=() backend_args=()
  [ "${BACKSTAGE_CLOCK_CONTROL:-}" != 1 ] || node_args+=(--require "$REPO_ROOT/tests/backstage/clock.js")
  if [ -n "${BACKSTAGE_EXTRA_CONFIG:-}" ]; then
    backend_args+=(--config "$REPO_ROOT/tests/backstage/app-config.yaml")
    local extra
    IFS=: read -ra extra <<<"$BACKSTAGE_EXTRA_CONFIG"
    for f in "${extra[@]}"; do backend_args+=(--config "$f"); done
  fi
  t0="$(date +%s%N)"
  env "${extra_env[@]}" BACKSTAGE_PORT="$port" CODER_URL="${coder_url%/}" \
    node "${node_args[@]}" "$REPO_ROOT/tests/backstage/backend.js" "${backend_args[@]}" >"$log" 2>&1 &
  pid=$!
  BACKSTAGE_PIDS+=("$pid")
  BACKSTAGE_LOGS+=("$log")
  # The same EXIT trap as the demo servers', whichever started first.
  declare -F add_exit_cleanup >/dev/null ||
    source "$REPO_ROOT/demo/scripts/background-server.sh"
  add_exit_cleanup stop_backstage

  # Readiness turns 200 only once every plugin has initialised (the catalog
  # last); a loaded machine needs far longer than the usual ~2 s.
  local ready=""
  for _ in $(seq 600); do
    if curl -fsS -o /dev/null "$url/.backstage/health/v1/readiness" 2>/dev/null; then
      ready=1
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$ready" ]; then
    if kill -0 "$pid" 2>/dev/null; then
      echo "error: the Backstage backend was not ready within 60 s; its output:" >&2
    else
      echo "error: the Backstage backend exited before it was ready; its output:" >&2
    fi
    cat "$log" >&2
    return 1
  fi
  echo "Backstage backend: $url (ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms, Coder at $coder_url, log $log)" >&2
  export BACKSTAGE_URL="$url" BACKSTAGE_PID="$pid" BACKSTAGE_LOG="$log"
}

stop_backstage() {
  local pid
  for pid in "${BACKSTAGE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BACKSTAGE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "${BACKSTAGE_LOGS[@]}"
  BACKSTAGE_PIDS=()
  BACKSTAGE_LOGS=()
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  port=7007
  coder_url="http://127.0.0.1:7080"
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) port="$2"; shift 2 ;;
      --coder-url) coder_url="$2"; shift 2 ;;
      --app) export BACKSTAGE_APP_DIR="$2"; shift 2 ;;
      -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
      *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
  done
  ensure_backstage
  start_backstage "$coder_url" "$port"
  echo "RSS: $(awk '/VmRSS/ {print $2, $3}' "/proc/$BACKSTAGE_PID/status")" >&2
  echo "Ctrl-C stops it." >&2
  wait "$BACKSTAGE_PID"
fi
