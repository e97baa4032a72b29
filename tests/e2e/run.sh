#!/usr/bin/env bash
# End-to-end tests in headless Chromium (Debian's, driven by playwright-core)
# against the native demo server: the demo page with the release pkg/, as a
# user gets them from ./demo/run.sh, and the React host app (tests/host)
# built for React 18 and 19 from the package's npm tarball. Uses REPO_ROOT
# when exported (else the repository this script is in) and expects an
# ensured toolchain (tests/run.sh sees to both). Exits with node's status; its
# spec reporter ends with "ℹ pass N" / "ℹ fail N" lines for the summary.
#
# E2E_ONLY=hostile,standalone runs only those test files (tests/e2e/NAME.test.js),
# for working on them; the React host app is then built only for react-host.
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
  for name in ${E2E_ONLY//,/ }; do
    [ -f "tests/e2e/$name.test.js" ] || { echo "error: E2E_ONLY: no tests/e2e/$name.test.js" >&2; exit 2; }
    TEST_FILES+=("tests/e2e/$name.test.js")
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
# Hostile workspaces (tests/e2e/hostile-cases.mjs), ~5 MB with a huge icon URL.
mkdir -p target/e2e
node tests/e2e/hostile-cases.mjs >target/e2e/hostile-workspaces.json
start_server_as HOSTILE_URL --workspaces "$REPO_ROOT/target/e2e/hostile-workspaces.json"
# Not exec: the EXIT trap must still run to stop the server.
set +e
node --test --test-reporter=spec "${TEST_FILES[@]}"
status=$?
set -e
exit "$status"
