#!/usr/bin/env bash
# Builds everything and serves the demo: a fake Backstage entity page with
# the Coder elements, in front of a fake Coder deployment and Backstage
# backend (one native server on 127.0.0.1). Installs what is missing first.
# Flags are passed to the server, e.g.:
#   ./demo/run.sh --port 7311 --token abc --workspaces my.json
#
# With --backstage real, the whole real stack instead: a real Backstage
# backend (tests/backstage) serving a real Backstage app (tests/host's
# real-stack app, React 19) on http://127.0.0.1:P/ (--port, default 7007),
# with the demo server as the fake Coder on a free port (--token and
# --workspaces go to it, as other flags do):
#   ./demo/run.sh --backstage real [--port P] [--token T] [--workspaces F]
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
cd "$REPO_ROOT"

backstage=""
case " $* " in *" --backstage "*) backstage=1 ;; esac

# shellcheck source=scripts/toolchain.sh
source demo/scripts/toolchain.sh
ensure_toolchain

bash demo/scripts/build-pkg.sh
cargo build --quiet --release -p coder-demo-server
if [ -z "$backstage" ]; then
  exec "$REPO_ROOT/target/release/coder-demo-server" --web-root demo/web --pkg-dir pkg "$@"
fi

port=7007
token=demo-session-token
coder_flags=()
while [ $# -gt 0 ]; do
  case "$1" in
    --backstage)
      [ "${2:-}" = real ] || { echo "error: --backstage takes one value: real" >&2; exit 2; }
      shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --token) token="$2"; shift 2 ;;
    *) coder_flags+=("$1"); shift ;;
  esac
done

bash tests/host/build.sh real19
# shellcheck source=../tests/backstage/start.sh
source tests/backstage/start.sh
ensure_backstage
# shellcheck source=scripts/background-server.sh
source demo/scripts/background-server.sh
# The fake Coder knows the backend as its OAuth2 client: app-config.yaml's
# client id and secret, and the backend's callback as the redirect URI.
start_server_as CODER_URL --token "$token" \
  --oauth-client-id backstage --oauth-client-secret backstage-demo-secret \
  --oauth-redirect-uri "http://127.0.0.1:$port/api/auth/coder/handler/frame" \
  "${coder_flags[@]}"
BACKSTAGE_APP_DIR="$REPO_ROOT/target/host/real19" start_backstage "${CODER_URL%/}" "$port"

cat <<EOF

Backstage (real backend and app): $BACKSTAGE_URL/
  entity page: $BACKSTAGE_URL/   settings: $BACKSTAGE_URL/settings
Fake Coder:                       ${CODER_URL%/}/

Sign in to Coder from a card: "Sign in with Coder OAuth" opens the fake
Coder's consent page in a popup (Allow / Deny), or paste the session token
$token into "Auth token". Backstage itself signs you in as guest.
Ctrl-C stops both.
EOF
wait "$BACKSTAGE_PID"
