#!/usr/bin/env bash
# End-to-end tests in headless Chromium (Debian's, driven by playwright-core)
# against the native demo server: the demo page with the release pkg/, as a
# user gets them from ./demo/run.sh, and the React host app (tests/host)
# built for React 18 and 19 from the package's npm tarball. Uses REPO_ROOT
# when exported (else the repository this script is in) and expects an
# ensured toolchain (tests/run.sh sees to both). Exits with node's status; its
# spec reporter ends with "ℹ pass N" / "ℹ fail N" lines for the summary.
#
# E2E_ONLY=hostile-faults,standalone runs only those test files
# (tests/e2e/NAME.test.js; a NAME may be a pattern: E2E_ONLY='hostile-*' runs
# the hostile-input suite), for working on them; the React host app is then
# built only for react-host. The hostile files' rows become
# target/e2e/hostile-report.md (tests/e2e/hostile-report.mjs).
set -euo pipefail
REPO_ROOT="${REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export REPO_ROOT
cd "$REPO_ROOT"
# shellcheck source=../../demo/scripts/toolchain.sh
source demo/scripts/toolchain.sh

ensure_npm tests/e2e
bash demo/scripts/build-pkg.sh
# Same profile and flags as demo/run.sh, so the two share build artifacts.
cargo build --quiet --release -p coder-demo-server
TEST_FILES=(tests/e2e/*.test.js)
if [ -n "${E2E_ONLY:-}" ]; then
  TEST_FILES=()
  IFS=, read -ra names <<<"$E2E_ONLY"
  for name in "${names[@]}"; do
    # Unquoted so a pattern expands; one that matches nothing stays as is.
    matches=(tests/e2e/$name.test.js)
    [ -f "${matches[0]}" ] || { echo "error: E2E_ONLY: no tests/e2e/$name.test.js" >&2; exit 2; }
    TEST_FILES+=("${matches[@]}")
  done
fi
want_host=false
case " ${TEST_FILES[*]} " in *react-host.test.js*) want_host=true ;; esac
# The React host app (React 18 and 19 builds), from the package tarball.
if $want_host; then bash tests/host/build.sh; fi

# shellcheck source=../../demo/scripts/background-server.sh
source demo/scripts/background-server.sh
start_demo_server
if $want_host; then
  start_server_as HOST_REACT18_URL --web-root "$REPO_ROOT/target/host/react18"
  start_server_as HOST_REACT19_URL --web-root "$REPO_ROOT/target/host/react19"
fi
# Hostile workspaces (tests/e2e/hostile-cases.mjs), ~5 MB with a huge icon
# URL, served to each hostile file by a server of its own
# (HOSTILE_FAULTS_URL for hostile-faults.test.js): some of their cases set
# the server's global faults, and node runs test files in parallel when the
# machine has the cores.
mkdir -p target/e2e
node tests/e2e/hostile-cases.mjs >target/e2e/hostile-workspaces.json
for file in "${TEST_FILES[@]}"; do
  name="$(basename "$file" .test.js)"
  case "$name" in
    hostile-*)
      start_server_as "$(tr 'a-z-' 'A-Z_' <<<"$name")_URL" \
        --workspaces "$REPO_ROOT/target/e2e/hostile-workspaces.json"
      ;;
  esac
done
node tests/e2e/hostile-report.mjs --clear
# Not exec: the EXIT trap must still run to stop the servers.
set +e
node --test --test-reporter=spec "${TEST_FILES[@]}"
status=$?
set -e
# The report, even after failures: it shows what was observed.
node tests/e2e/hostile-report.mjs || status=1
exit "$status"
