#!/usr/bin/env bash
# Builds everything and serves the demo: a fake Backstage entity page with
# the Coder elements, in front of a fake Coder deployment and Backstage
# backend (one native server on 127.0.0.1). Installs what is missing first;
# a start with nothing changed rebuilds nothing (see build-pkg.sh).
# Flags are passed to the server, e.g.:
#   ./demo/run.sh --port 7311 --token abc --workspaces my.json
#
# With --backstage real, the whole real stack instead: a real Backstage
# backend (tests/backstage) serving a real Backstage app (tests/host's
# real-stack app, React 19, or 18 with --react 18) on http://127.0.0.1:P/
# (--port, default 7007), with the demo server as the fake Coder on a free
# port (--token and --workspaces go to it, as other flags do). With
# --sign-in coder, Backstage's own sign-in page signs in with Coder
# (tests/backstage/app-config.coder-sign-in.yaml; React 18, which
# Backstage's sign-in page needs). With --frontend new, the backend serves
# the app on Backstage's new frontend system instead (tests/new-app, with
# tests/backstage/app-config.new-app.yaml): the catalog's entity pages,
# /coder and Settings, all from the plugins' extensions:
#   ./demo/run.sh --backstage real [--port P] [--react 18|19] [--sign-in coder]
#                 [--frontend new] [--token T] [--workspaces F]
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
cd "$REPO_ROOT"

backstage=""
case " $* " in *" --backstage "*) backstage=1 ;; esac

# shellcheck source=scripts/toolchain.sh
source demo/scripts/toolchain.sh
# Serving needs no browser: that is for the tests (ensure_toolchain).
ensure_serve_toolchain

bash demo/scripts/build-pkg.sh
cargo build --quiet --release -p coder-demo-server
if [ -z "$backstage" ]; then
  # Subdomain apps on *.localhost (browsers resolve it to this machine).
  exec "$REPO_ROOT/target/release/coder-demo-server" --web-root demo/web --pkg-dir pkg \
    --wildcard-host '*.localhost' "$@"
fi

port=7007
token=demo-session-token
react=19
sign_in=guest
frontend=legacy
coder_flags=()
while [ $# -gt 0 ]; do
  case "$1" in
    --backstage)
      [ "${2:-}" = real ] || { echo "error: --backstage takes one value: real" >&2; exit 2; }
      shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --token) token="$2"; shift 2 ;;
    --react)
      case "${2:-}" in 18 | 19) react="$2" ;; *) echo "error: --react takes 18 or 19" >&2; exit 2 ;; esac
      shift 2 ;;
    --sign-in)
      [ "${2:-}" = coder ] || { echo "error: --sign-in takes one value: coder" >&2; exit 2; }
      sign_in=coder; react=18; shift 2 ;;
    --frontend)
      case "${2:-}" in legacy | new) frontend="$2" ;; *) echo "error: --frontend takes legacy or new" >&2; exit 2 ;; esac
      shift 2 ;;
    *) coder_flags+=("$1"); shift ;;
  esac
done
app="real$react"
if [ "$frontend" = new ]; then
  [ "$sign_in" = guest ] || { echo "error: --sign-in coder is for the legacy app" >&2; exit 2; }
  app="new$react"
  export BACKSTAGE_EXTRA_CONFIG="$REPO_ROOT/tests/backstage/app-config.new-app.yaml"
elif [ "$sign_in" = coder ]; then
  export BACKSTAGE_EXTRA_CONFIG="$REPO_ROOT/tests/backstage/app-config.coder-sign-in.yaml"
fi

bash tests/host/build.sh "$app"
# shellcheck source=../tests/backstage/start.sh
source tests/backstage/start.sh
ensure_backstage
# shellcheck source=scripts/background-server.sh
source demo/scripts/background-server.sh
# The fake Coder knows the backend as its OAuth2 client: app-config.yaml's
# client id and secret, and the backend's callbacks as the redirect URIs
# (the Coder auth module's, and upstream 0.4's backend router's).
start_server_as CODER_URL --token "$token" \
  --oauth-client-id backstage --oauth-client-secret backstage-demo-secret \
  --oauth-redirect-uri "http://127.0.0.1:$port/api/auth/coder/handler/frame" \
  --oauth-redirect-uri "http://127.0.0.1:$port/api/auth/coder/oauth/callback" \
  "${coder_flags[@]}"
BACKSTAGE_APP_DIR="$REPO_ROOT/target/host/$app" start_backstage "${CODER_URL%/}" "$port"

if [ "$frontend" = new ]; then
  cat <<EOF

Backstage (real backend, the app on the new frontend system, React $react): $BACKSTAGE_URL/
  entity page: $BACKSTAGE_URL/catalog/default/component/python-project
  Coder page: $BACKSTAGE_URL/coder   settings: $BACKSTAGE_URL/settings/auth-providers
Fake Coder:                       ${CODER_URL%/}/

Sign in to Coder from the card: "Sign in with Coder OAuth" opens the fake
Coder's consent page in a popup, or paste the session token $token.
Ctrl-C stops both.
EOF
  wait "$BACKSTAGE_PID"
  exit
fi
cat <<EOF

Backstage (real backend and app, React $react): $BACKSTAGE_URL/
  entity page: $BACKSTAGE_URL/   settings: $BACKSTAGE_URL/settings
  as an app on upstream's 0.4 line (no Coder auth API, its backend
  plugin's popup): $BACKSTAGE_URL/upstream-0.4
Fake Coder:                       ${CODER_URL%/}/

Sign in to Coder from a card: "Sign in with Coder OAuth" opens the fake
Coder's consent page in a popup (Allow / Deny), or paste the session token
$token into "Auth token". Backstage itself signs you in as guest
(with --sign-in coder: through Coder, and the cards are signed in too).
Ctrl-C stops both.
EOF
wait "$BACKSTAGE_PID"
