#!/usr/bin/env bash
# Screenshots of the demo card (light and dark, signed out and in, 1400 and
# 400 px) into target/screenshots/LABEL/ (LABEL defaults to "latest").
# --readme also refreshes the README's pictures in docs/screenshots/. Not
# part of ./tests/run.sh, so a test run leaves the tree clean.
#   ./tests/screenshots/run.sh [--label before] [--readme]
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT
cd "$REPO_ROOT"
export SHOT_LABEL=latest README_DIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --label) SHOT_LABEL="$2"; shift 2 ;;
    --readme) README_DIR="$REPO_ROOT/docs/screenshots"; shift ;;
    *) echo "usage: $0 [--label NAME] [--readme]" >&2; exit 2 ;;
  esac
done
# shellcheck source=../../demo/scripts/toolchain.sh
source demo/scripts/toolchain.sh
ensure_toolchain
ensure_npm tests/e2e
bash demo/scripts/build-pkg.sh
cargo build --quiet --release -p coder-demo-server
# shellcheck source=../../demo/scripts/background-server.sh
source demo/scripts/background-server.sh
# Builds take 3 s a phase, so the row actions' transitions can be pictured.
start_server_as DEMO_URL --build-step-ms 3000 --wildcard-host '*.localhost'
node tests/screenshots/shoot.mjs
