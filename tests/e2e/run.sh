#!/usr/bin/env bash
# End-to-end tests in headless Chromium (Debian's, driven by playwright-core)
# against the native demo server: the demo page with the release pkg/, as a
# user gets them from ./demo/run.sh, and the React host app (tests/host)
# built for React 18 and 19 from the package's npm tarball. Uses REPO_ROOT
# when exported (else the repository this script is in); installs what is
# missing, Chromium included (toolchain.sh's ensure_toolchain). Exits with
# node's status; its spec reporter ends with "ℹ pass N" / "ℹ fail N" lines
# for the summary.
#
# E2E_ONLY=hostile-faults,standalone runs only those test files
# (tests/e2e/NAME.test.js; a NAME may be a pattern: E2E_ONLY='hostile-*' runs
# the hostile-input suite), for working on them; the React host app is then
# built only for react-host. The hostile files' rows become
# target/e2e/hostile-report.md (tests/e2e/hostile-report.mjs).
#
# real-stack.test.js runs against the real stack, started only when that
# file is selected: per React version, the real-stack app (tests/host
# real18/real19) served by a real Backstage backend (tests/backstage, with
# @backstage/plugin-app-backend) in front of a demo server as the fake
# Coder's OAuth2 provider (REAL_REACT18_URL, REAL_REACT18_CODER_URL, ...),
# and a third stack whose Backstage sign-in is Coder (REAL_SIGNIN_*).
# new-app.test.js runs against two more such stacks serving the app on the
# new frontend system (tests/new-app) instead: NEW_REACT18_URL, ....
set -euo pipefail
REPO_ROOT="${REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export REPO_ROOT
cd "$REPO_ROOT"
# shellcheck source=../../demo/scripts/toolchain.sh
source demo/scripts/toolchain.sh

ensure_toolchain
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
want_real=false
want_actions=false
want_new=false
case " ${TEST_FILES[*]} " in *react-host.test.js* | *card-parts.test.js*) want_host=true ;; esac
case " ${TEST_FILES[*]} " in *real-stack.test.js*) want_real=true ;; esac
case " ${TEST_FILES[*]} " in *workspace-actions.test.js*) want_actions=true ;; esac
case " ${TEST_FILES[*]} " in *new-app.test.js*) want_new=true ;; esac
# The React host app and the real-stack app (React 18 and 19 builds each),
# from the package tarball.
host_apps=()
$want_host && host_apps+=(react)
$want_real && host_apps+=(real)
$want_new && host_apps+=(new)
if [ ${#host_apps[@]} -gt 0 ]; then bash tests/host/build.sh "${host_apps[@]}"; fi

# shellcheck source=../../demo/scripts/background-server.sh
source demo/scripts/background-server.sh
start_demo_server
if $want_host; then
  start_server_as HOST_REACT18_URL --web-root "$REPO_ROOT/target/host/react18"
  start_server_as HOST_REACT19_URL --web-root "$REPO_ROOT/target/host/react19"
fi
if $want_actions; then
  # Builds change this server's workspaces, so the actions get one of their
  # own. Its subdomain apps are served on *.localhost (Chromium resolves
  # every such name to the loopback) on its port.
  port="$(free_port)"
  start_server_as ACTIONS_URL --port "$port" --wildcard-host "*.localhost:$port"
fi
# start_stack NAME APP [EXTRA_CONFIG] [CLOCK]: a fake Coder with its OAuth2
# provider (NAME_CODER_URL) and a real Backstage backend serving the built
# app target/host/APP (NAME_URL, NAME_LOG, NAME_PID), reading EXTRA_CONFIG
# (files in tests/backstage, separated by ':') on top of its app-config; with CLOCK=1, a
# test can move the backend's clock (BACKSTAGE_CLOCK_CONTROL, clock.js).
start_stack() {
  local name="$1" app="$2" extra="${3:-}" clock="${4:-}" port coder_var="${1}_CODER_URL"
  # The backend's port goes into the fake Coder's registered redirect URI,
  # so it is chosen first. The client id and secret are app-config.yaml's
  # defaults.
  port="$(free_port)"
  start_server_as "$coder_var" --token "${REAL_STACK_TOKEN:-demo-session-token}" \
    --oauth-client-id backstage --oauth-client-secret backstage-demo-secret \
    --oauth-redirect-uri "http://127.0.0.1:$port/api/auth/coder/handler/frame" \
    --oauth-redirect-uri "http://127.0.0.1:$port/api/auth/coder/oauth/callback"
  local files=() names=() f
  IFS=: read -ra names <<<"$extra"
  for f in "${names[@]}"; do files+=("$REPO_ROOT/tests/backstage/$f"); done
  BACKSTAGE_EXTRA_CONFIG="$(IFS=:; echo "${files[*]}")" BACKSTAGE_CLOCK_CONTROL="$clock" \
    BACKSTAGE_APP_DIR="$REPO_ROOT/target/host/$app" start_backstage "${!coder_var%/}" "$port"
  export "${name}_URL=$BACKSTAGE_URL" "${name}_LOG=$BACKSTAGE_LOG" "${name}_PID=$BACKSTAGE_PID"
}
if $want_real || $want_new; then
  # shellcheck source=../backstage/start.sh
  source tests/backstage/start.sh
  ensure_backstage
fi
if $want_real; then
  t0="$(date +%s%N)"
  # One stack per React build of the real-stack app (REAL_REACT18_*,
  # REAL_REACT19_*), whose backend's clock a test can move, and one whose
  # Backstage sign-in page uses Coder (REAL_SIGNIN_*; React 18: Backstage's
  # SignInPage is drawn with MUI 4, which calls findDOMNode, gone in
  # React 19).
  start_stack REAL_REACT18 real18 "" 1
  start_stack REAL_REACT19 real19 "" 1
  start_stack REAL_SIGNIN real18 app-config.coder-sign-in.yaml
  echo "real stack (3 fake Coders, 3 backends) up in $(( ($(date +%s%N) - t0) / 1000000 )) ms" >&2
fi
if $want_new; then
  # The app on the new frontend system, per React build (NEW_REACT18_*,
  # NEW_REACT19_*), with the extension config of app-config.new-app.yaml;
  # React 19's also shows the card on every entity (requireCoderSpec: false),
  # so each config path of the card extension runs.
  start_stack NEW_REACT18 new18 app-config.new-app.yaml
  start_stack NEW_REACT19 new19 app-config.new-app.yaml:app-config.new-app-every-entity.yaml
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
