#!/usr/bin/env bash
# The wasm-bindgen tests in headless Chromium, one `wasm-pack test` per test
# crate (tests/*.rs and tests/*/main.rs that hold browser tests).
#
# Each crate gets its own browser. Chromium sometimes never gets the test
# page's scripts: the runner's HTTP server (tiny_http 0.12) can leave one of
# Chrome's parallel connections unserved, its request unread in the socket
# (seen with `ss`: Recv-Q 605 on one of five connections), while its worker
# threads wait on Chrome's idle keep-alive connections; that lasts a minute
# or for good, and the page loads 7 script snippets at once, so it happens
# often on 2 CPUs (it turned one CI run red). A try whose page has not
# started ("Loading Wasm module") within WASM_STALL_S (30) seconds of the
# browser session is stopped and tried again, up to WASM_CRATE_ATTEMPTS (10)
# tries in all. A crate whose tests started is never rerun: a failing test
# fails.
# WASM_ONLY=provider_auth,card_components runs only those crates.
# Expects the toolchain (demo/scripts/toolchain.sh ensure_toolchain) and
# REPO_ROOT.
set -uo pipefail
: "${REPO_ROOT:?export REPO_ROOT (the repository root)}"
cd "$REPO_ROOT"

crates=()
for file in tests/*.rs tests/*/main.rs; do
  grep -q 'wasm_bindgen_test' "$file" || continue
  name="${file#tests/}"
  name="${name%/main.rs}"
  name="${name%.rs}"
  case ",${WASM_ONLY:-$name}," in *",$name,"*) crates+=("$name") ;; esac
done

# run CRATE LOG: one try, in its own process group. Returns 0 when the
# tests passed, 1 when they ran and failed, 2 for a page that never
# started (stalled, or the runner stopped before it).
run() {
  setsid wasm-pack test --headless --chrome . --features yaml --test "$1" >"$2" 2>&1 &
  local pid=$! waited=0 session=""
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    waited=$((waited + 1))
    if [ -z "$session" ] && grep -q '^Running headless tests' "$2"; then session=$waited; fi
    if grep -q -e '^Loading Wasm module' -e '^running [0-9]' "$2"; then
      session=""
      # Started: only the overall bound applies.
      if [ "$waited" -ge "${WASM_CRATE_TIMEOUT:-300}" ]; then break; fi
      continue
    fi
    if [ -n "$session" ] && [ $((waited - session)) -ge "${WASM_STALL_S:-30}" ]; then break; fi
    if [ "$waited" -ge "${WASM_CRATE_TIMEOUT:-300}" ]; then break; fi
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null
    sleep 2
    kill -KILL -- "-$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    grep -q -e '^Loading Wasm module' -e '^running [0-9]' "$2" && return 1
    return 2
  fi
  wait "$pid"
  local rc=$?
  [ "$rc" -eq 0 ] && return 0
  grep -q -e '^Loading Wasm module' -e '^running [0-9]' -e '^test result:' "$2" && return 1
  return 2
}

status=0
for crate in "${crates[@]}"; do
  log="$(mktemp)"
  attempt=1
  while :; do
    run "$crate" "$log"
    rc=$?
    [ "$rc" -eq 2 ] && [ "$attempt" -lt "${WASM_CRATE_ATTEMPTS:-10}" ] || break
    tail -n 3 "$log"
    echo "wasm.sh: $crate: the test page did not start (attempt $attempt); trying again" >&2
    attempt=$((attempt + 1))
  done
  cat "$log"
  rm -f "$log"
  [ "$rc" -eq 0 ] || status=1
done
exit "$status"
