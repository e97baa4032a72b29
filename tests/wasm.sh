#!/usr/bin/env bash
# The wasm-bindgen tests in headless Chromium, one `wasm-pack test` per test
# crate (tests/*.rs and tests/*/main.rs that hold browser tests).
#
# Each crate gets its own browser, and a crate whose runner stops before any
# test reported is tried again, up to WASM_CRATE_ATTEMPTS (3) times in all.
# That stop is Chromium stalling before the test page's scripts run: seen
# here on 2 CPUs in roughly one start in three on bad stretches (the tests
# themselves then run in under a second), for a minute or for good, with
# chromedriver's flags or Playwright's; once it turned a CI run red. A
# crate that reported a result is never rerun: a failing test fails.
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
  crates+=("${name%.rs}")
done

# run CRATE LOG: one try, bounded (the runner's own timeout plus
# chromedriver's would hold a stalled page for 7 minutes; the slowest
# crate takes about a minute).
run() {
  timeout -k 10 "${WASM_CRATE_TIMEOUT:-200}" \
    wasm-pack test --headless --chrome . --features yaml --test "$1" >"$2" 2>&1
}

status=0
for crate in "${crates[@]}"; do
  log="$(mktemp)"
  attempt=1
  while :; do
    run "$crate" "$log"
    rc=$?
    if [ "$rc" -eq 0 ] || grep -q '^test result:' "$log" || [ "$attempt" -ge "${WASM_CRATE_ATTEMPTS:-3}" ]; then
      break
    fi
    tail -n 5 "$log"
    echo "wasm.sh: $crate stopped before any test reported (exit $rc, attempt $attempt); trying again" >&2
    attempt=$((attempt + 1))
  done
  cat "$log"
  rm -f "$log"
  [ "$rc" -eq 0 ] || status=1
done
exit "$status"
