#!/usr/bin/env bash
# Type-checks the package's .d.ts files in each app, then builds the React host app
# (tests/host) twice, against React 18 and React 19, into
# target/host/react18 and target/host/react19.
#
#   bash tests/host/build.sh [react] [real] [real19]...
#
# names what to build: `react` the host app above (the default), `real` the
# real-stack app (real.html) for both React versions, `real18`/`real19` one
# of them. The real-stack app lands in target/host/realNN/ as a Backstage
# app package: package.json (name `app`) and dist/
# (index.html, static/, .config-schema.json), which the real backend's
# @backstage/plugin-app-backend serves (tests/backstage/start.sh,
# BACKSTAGE_APP_DIR). `new` (or `new18`/`new19`) builds the app on the
# new frontend system (tests/new-app) into target/host/newNN/ the same way.
# Our package comes
# from the npm tarball that demo/scripts/build-pkg.sh packed, installed the
# way an adopter installs it (not from source paths). Expects REPO_ROOT, an
# ensured toolchain and a built tarball (tests/e2e/run.sh does all three).
set -euo pipefail
: "${REPO_ROOT:?export REPO_ROOT (the repository root)}"
cd "$REPO_ROOT"
# shellcheck source=../../demo/scripts/toolchain.sh
source demo/scripts/toolchain.sh

shopt -s nullglob
tarballs=(target/pkg-tarball/backstage-plugin-coder-wasm-*.tgz)
if [ ${#tarballs[@]} -ne 1 ]; then
  echo "error: expected one package tarball in target/pkg-tarball/, found ${#tarballs[@]}; run demo/scripts/build-pkg.sh" >&2
  exit 1
fi
tarball="$REPO_ROOT/${tarballs[0]}"

# Installs the app in $1 (its locked tree, then our package on top) and
# type-checks the package's .d.ts files against an adopter's typical code
# there (and misuses that must not compile). The tarball changes with every
# build, so it stays out of the lock file (npm ci would reject a changed
# integrity hash): it is installed on top of the locked tree, and again
# only when it changed.
declare -A prepared=()
prepare_app() {
  local dir="$1" stamp want
  [ -z "${prepared[$dir]:-}" ] || return 0
  prepared[$dir]=1
  ensure_npm "$dir"
  stamp="$dir/node_modules/.coder-pkg-stamp"
  want="$(sha256sum "$tarball" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error "$tarball")
    echo "$want" >"$stamp"
  fi
  echo "type-checking the package's .d.ts files in $dir" >&2
  (cd "$dir" && node_modules/.bin/tsc -p tsconfig.json)
}

# What @backstage/cli writes beside an app's bundle: the config schema
# collected from the app package ($1) and its dependencies, with the CLI's
# own collector, into $2. Our package is named as packages/app's dependency
# list names it (here it is installed without --save); its configSchema
# marks `coder.deployment.accessUrl` frontend-visible, and the backend
# injects only such keys.
write_config_schema() {
  (cd "$1" && node --input-type=module -e '
    import fs from "node:fs";
    import { loadConfigSchema } from "@backstage/config-loader";
    const schema = await loadConfigSchema({ dependencies: ["backstage-plugin-coder-wasm"], packagePaths: [process.cwd() + "/package.json"] });
    fs.writeFileSync(process.argv[1], JSON.stringify(schema.serialize()));
  ' "$2")
}

[ $# -gt 0 ] || set -- react
for what in "$@"; do
  case "$what" in
    react)
      prepare_app tests/host
      for react in 18 19; do
        echo "building the React $react host" >&2
        (cd tests/host && HOST_REACT="$react" node_modules/.bin/vite build)
      done
      ;;
    real | real18 | real19)
      prepare_app tests/host
      versions=(18 19)
      [ "$what" = real ] || versions=("${what#real}")
      for react in "${versions[@]}"; do
        echo "building the React $react real-stack app" >&2
        out="target/host/real$react"
        (cd tests/host && HOST_REACT="$react" HOST_APP=real node_modules/.bin/vite build)
        mv "$out/dist/real.html" "$out/dist/index.html"
        write_config_schema tests/host "$REPO_ROOT/$out/dist/.config-schema.json"
        printf '{ "name": "app", "version": "0.0.0", "private": true }\n' >"$out/package.json"
      done
      ;;
    new | new18 | new19)
      prepare_app tests/new-app
      versions=(18 19)
      [ "$what" = new ] || versions=("${what#new}")
      for react in "${versions[@]}"; do
        echo "building the React $react new-frontend-system app" >&2
        out="target/host/new$react"
        (cd tests/new-app && HOST_REACT="$react" node_modules/.bin/vite build)
        write_config_schema tests/new-app "$REPO_ROOT/$out/dist/.config-schema.json"
        printf '{ "name": "app", "version": "0.0.0", "private": true }\n' >"$out/package.json"
      done
      ;;
    *) echo "error: build.sh: unknown app $what (react, real, real18, real19, new, new18, new19)" >&2; exit 2 ;;
  esac
done
