#!/usr/bin/env bash
# How long ./demo/run.sh takes to serve again when nothing changed: starts
# it once (the warm-up: installs and builds whatever is missing), stops it,
# starts it again and prints the seconds from the second launch until the
# server answers HTTP. For a human checking start-up cost after touching
# the build scripts; the suite does not run it, as its number depends on
# the machine and on whatever else is running.
#   demo/scripts/restart-time.sh [EXTRA RUN.SH FLAGS...]
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

LOG="$(mktemp)"
RUN_PID=""

stop_run() {
  [ -n "$RUN_PID" ] || return 0
  # run.sh runs in a session of its own: its group holds the server and
  # any build it is still doing.
  kill -- "-$RUN_PID" 2>/dev/null || true
  wait "$RUN_PID" 2>/dev/null || true
  RUN_PID=""
}
trap 'stop_run; rm -f "$LOG"' EXIT

# start_and_time LABEL: launches run.sh on a free port and prints the
# seconds until its server answers; gives up after 30 minutes (a cold
# warm-up may compile everything).
start_and_time() {
  local label="$1" t0 url="" elapsed
  : >"$LOG"
  t0="$(date +%s%N)"
  setsid bash demo/run.sh --port 0 "${@:2}" >"$LOG" 2>&1 &
  RUN_PID=$!
  for _ in $(seq 18000); do
    if [ -z "$url" ]; then
      url="$(sed -n 's|^Coder demo server on \(http://[^ ]*\)$|\1|p' "$LOG")"
    fi
    if [ -n "$url" ] && curl -fsS -o /dev/null "$url"; then break; fi
    if ! kill -0 "$RUN_PID" 2>/dev/null; then
      echo "error: ./demo/run.sh exited before serving; its output:" >&2
      cat "$LOG" >&2
      return 1
    fi
    sleep 0.1
  done
  elapsed="$(( ($(date +%s%N) - t0) / 1000000 ))"
  if [ -z "$url" ]; then
    echo "error: ./demo/run.sh did not serve within 30 minutes; its output:" >&2
    cat "$LOG" >&2
    return 1
  fi
  printf '%s start: %d.%03d s until %s answered\n' "$label" \
    "$((elapsed / 1000))" "$((elapsed % 1000))" "$url" >&2
  echo "$elapsed"
}

start_and_time warm-up "$@" >/dev/null
stop_run
ms="$(start_and_time second "$@")"
stop_run
printf 'second start of ./demo/run.sh: %d.%03d s\n' "$((ms / 1000))" "$((ms % 1000))"
