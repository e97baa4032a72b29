#!/usr/bin/env bash
# Type-checks the package's .d.ts files, then builds the React host app
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
# BACKSTAGE_APP_DIR). Our package comes
# from the npm tarball that demo/scripts/build-pkg.sh packed, installed the
# way an adopter installs it (not from source paths). Expects REPO_ROOT, an
# ensured toolchain and a built tarball (tests/e2e/run.sh does all three).
set -euo pipefail
: "${REPO_ROOT:?export REPO_ROOT (the repository root)}"
cd "$REPO_ROOT"
# shellcheck source=../../demo/scripts/toolchain.sh
source demo/scripts/toolchain.sh

ensure_npm tests/host

shopt -s nullglob
tarballs=(target/pkg-tarball/backstage-plugin-coder-wasm-*.tgz)
if [ ${#tarballs[@]} -ne 1 ]; then
  echo "error: expected one package tarball in target/pkg-tarball/, found ${#tarballs[@]}; run demo/scripts/build-pkg.sh" >&2
  exit 1
fi
tarball="$REPO_ROOT/${tarballs[0]}"

# The tarball changes with every build, so it stays out of the lock file
# (npm ci would reject a changed integrity hash): it is installed on top of
# the locked tree, and again only when it changed.
stamp=tests/host/node_modules/.coder-pkg-stamp
want="$(sha256sum "$tarball" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  (cd tests/host && npm install --no-save --no-audit --no-fund --loglevel=error "$tarball")
  echo "$want" >"$stamp"
fi

# The package's hand-written .d.ts files against an adopter's typical code
# (and misuses that must not compile).
echo "type-checking the package's .d.ts files" >&2
(cd tests/host && node_modules/.bin/tsc -p tsconfig.json)

[ $# -gt 0 ] || set -- react
for what in "$@"; do
  case "$what" in
    react)
      for react in 18 19; do
        echo "building the React $react host" >&2
        (cd tests/host && HOST_REACT="$react" node_modules/.bin/vite build)
      done
      ;;
    real | real18 | real19)
      versions=(18 19)
      [ "$what" = real ] || versions=("${what#real}")
      for react in "${versions[@]}"; do
        echo "building the React $react real-stack app" >&2
        out="target/host/real$react"
        (cd tests/host && HOST_REACT="$react" HOST_APP=real node_modules/.bin/vite build)
        mv "$out/dist/real.html" "$out/dist/index.html"
        # What @backstage/cli writes beside the bundle: the config schema
        # collected from the app package and its dependencies, with the
        # CLI's own collector. Our package is named as packages/app's
        # dependency list names it (here it is installed without --save);
        # its configSchema marks `coder.deployment.accessUrl` frontend-visible,
        # and the backend injects only such keys.
        (cd tests/host && node --input-type=module -e '
          import fs from "node:fs";
          import { loadConfigSchema } from "@backstage/config-loader";
          const schema = await loadConfigSchema({ dependencies: ["backstage-plugin-coder-wasm"], packagePaths: [process.cwd() + "/package.json"] });
          fs.writeFileSync(process.argv[1], JSON.stringify(schema.serialize()));
        ' "$REPO_ROOT/$out/dist/.config-schema.json")
        printf '{ "name": "app", "version": "0.0.0", "private": true }\n' >"$out/package.json"
      done
      ;;
    *) echo "error: build.sh: unknown app $what (react, real, real18, real19)" >&2; exit 2 ;;
  esac
done
