#!/usr/bin/env bash
# The wasm-bindgen tests in headless Chromium, one `wasm-pack test` per test
# crate (tests/*.rs and tests/*/main.rs that hold browser tests).
#
# Each crate gets its own browser, and a crate whose runner stops before any
# test reported (Chromium never finished loading the test page: on a loaded
# machine the renderer sometimes stalls, and chromedriver gives up after
# 300 s) is run once more. A crate that reported a result is never rerun:
# a failing test fails. Expects the toolchain (demo/scripts/toolchain.sh
# ensure_toolchain) and REPO_ROOT.
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
# chromedriver's would hold a stalled page for 7 minutes).
run() {
  timeout -k 10 "${WASM_CRATE_TIMEOUT:-300}" \
    wasm-pack test --headless --chrome . --features yaml --test "$1" >"$2" 2>&1
}

status=0
for crate in "${crates[@]}"; do
  log="$(mktemp)"
  run "$crate" "$log"
  rc=$?
  if [ "$rc" -ne 0 ] && ! grep -q '^test result:' "$log"; then
    cat "$log"
    echo "wasm.sh: $crate stopped before any test reported (exit $rc); running it once more" >&2
    run "$crate" "$log"
    rc=$?
  fi
  cat "$log"
  rm -f "$log"
  [ "$rc" -eq 0 ] || status=1
done
exit "$status"
