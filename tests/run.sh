#!/usr/bin/env bash
# The whole test suite: formatting, lints (native and wasm32), native tests,
# the wasm-bindgen tests in headless Chromium, the end-to-end tests and the
# real Backstage backend's smoke test. Installs what is missing
# first. Every step runs even after a failure; the last line is the summary
# "N passed, N failed" (tests summed over all suites; a lint or build step
# that fails counts as one failure) and the exit code is non-zero on any
# failure.
set -uo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
cd "$REPO_ROOT"
# shellcheck source=../demo/scripts/toolchain.sh
source demo/scripts/toolchain.sh

if ! ensure_toolchain; then
  echo "toolchain setup failed"
  echo "0 passed, 1 failed"
  exit 1
fi

LOG_DIR="$REPO_ROOT/target/test-logs"
mkdir -p "$LOG_DIR"
passed=0
failed=0
failures=()

step_log() { printf '\n\033[1;36m==> %s\033[0m\n' "$*"; }

# check NAME CMD...: a step that passes or fails as a whole.
check() {
  local name="$1"; shift
  step_log "$name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

# suite NAME CMD...: a test suite; its "test result:" lines (cargo,
# wasm-bindgen-test) and node --test's summary lines ("ℹ pass N" / "ℹ fail N"
# from the spec reporter, "# pass N" / "# fail N" from tap) are summed. A
# suite that fails without reporting a failed test (a build error, a crashed
# runner) counts as one failure.
suite() {
  local name="$1"; shift
  local log="$LOG_DIR/${name// /-}.log"
  step_log "$name"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local counts
  counts="$(awk '/test result:/ {
      for (i = 1; i <= NF; i++) {
        if ($(i+1) ~ /^passed/) p += $i
        if ($(i+1) ~ /^failed/) f += $i
      }
      next
    }
    # node --test totals: whole lines only, so test output never matches.
    /^(ℹ|#) (pass|fail) [0-9]+$/ {
      if ($2 == "pass") p += $3; else f += $3
    } END { printf "%d %d", p, f }' "$log")"
  local p="${counts% *}" f="${counts#* }"
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$f" -gt 0 ]; then failures+=("$name"); fi
}

check "cargo fmt" cargo fmt --all --check
check "clippy native" cargo clippy --workspace --all-targets --features coder-backstage-wasm/yaml -- -D warnings
check "clippy wasm32" cargo clippy -p coder-backstage-wasm --lib --tests --target wasm32-unknown-unknown -- -D warnings
check "clippy wasm32 standalone" cargo clippy -p coder-backstage-wasm --lib --tests --target wasm32-unknown-unknown --features yaml -- -D warnings
suite "native tests" cargo test --workspace --features coder-backstage-wasm/yaml
# The auth suite waits out real timers (the 6 s grace period): give each
# test crate more than the runner's default 20 s.
export WASM_BINDGEN_TEST_TIMEOUT=120
suite "wasm tests" bash tests/wasm.sh
suite "e2e" bash tests/e2e/run.sh
# The real Backstage backend (npm: proxy, auth with the Coder module,
# catalog) in front of the demo server, over plain HTTP.
suite "real backstage" bash tests/backstage/run-smoke.sh

echo
if [ ${#failures[@]} -gt 0 ]; then
  # The failing tests by name, so the summary's last lines say what broke
  # even when only the tail of the output is kept: cargo and
  # wasm-bindgen-test print "test NAME ... FAIL[ED]", node --test "✖ NAME".
  grep -h -E '^test .* \.\.\. FAIL|^ *✖ ' "$LOG_DIR"/*.log 2>/dev/null \
    | sed -E 's/^ +//; s/ \([0-9.]+ms\)$//' | sort -u | head -40 | sed 's/^/  /'
  # And why, for cargo's and the browser tests' panics (the message is the
  # line after "panicked at").
  grep -h -A1 -E "^ *(test failed: )?panicked at |^thread '.*' panicked at " "$LOG_DIR"/*.log 2>/dev/null \
    | grep -v -e '^--$' -e 'internal error at' | sed -E 's/^ +//' | awk '!seen[$0]++' | head -30 | sed 's/^/  /'
  echo "failed: ${failures[*]}"
fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
