#!/usr/bin/env bash
# Builds pkg/ (gitignored) and its npm tarball in target/pkg-tarball/:
# pkg-template/ plus two release builds of the
# wasm, each run through wasm-bindgen and wasm-opt:
#   coder_backstage_wasm*            for Backstage apps (JS object input)
#   coder_backstage_wasm_standalone* with YAML input, for standalone pages
# Expects REPO_ROOT and an ensured toolchain (see toolchain.sh).
set -euo pipefail
cd "$REPO_ROOT"

OUT="$REPO_ROOT/pkg"
STAGE="$REPO_ROOT/target/pkg-stage"
WASM="$REPO_ROOT/target/wasm32-unknown-unknown/release/coder_backstage_wasm.wasm"
# binaryen's wasm-opt from the npm registry (demo/tools): Debian's binaryen
# 108 cannot parse the table.fill that wasm-bindgen 0.2.130 emits for
# reference types. The features are the ones rustc enables for wasm32.
WASM_OPT=("$REPO_ROOT/demo/tools/node_modules/.bin/wasm-opt")
# esbuild (demo/tools) minifies the JS wasm-bindgen generates and the
# element shim it copies in: adopters never read them, and unminified they
# are a third of the gzipped JS.
ESBUILD="$REPO_ROOT/demo/tools/node_modules/.bin/esbuild"
WASM_OPT_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-mutable-globals --enable-reference-types
  --enable-multivalue)

# Builds one variant into $STAGE/$name/out. wasm-bindgen and wasm-opt (the
# slow part) are skipped when cargo's output and these scripts are
# byte-identical to the last run's.
build_variant() {
  local name="$1"; shift
  echo "building $name" >&2
  cargo build --quiet --release --target wasm32-unknown-unknown -p coder-backstage-wasm --lib "$@"
  local hash
  # The steps after cargo are part of the key: changing them rebuilds.
  hash="$(cat "$WASM" "${BASH_SOURCE[0]}" "$REPO_ROOT/demo/scripts/shorten-imports.mjs" \
    | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$STAGE/$name/hash" 2>/dev/null)" != "$hash" ] || [ ! -f "$STAGE/$name/out/${name}_bg.wasm" ]; then
    rm -rf "$STAGE/$name"
    mkdir -p "$STAGE/$name/out"
    wasm-bindgen --target web --no-typescript --out-dir "$STAGE/$name/bindgen" --out-name "$name" "$WASM"
    # Short import names (see the script): about 6 KB of the gzipped bundle.
    node "$REPO_ROOT/demo/scripts/shorten-imports.mjs" \
      "$STAGE/$name/bindgen/${name}_bg.wasm" "$STAGE/$name/bindgen/$name.js"
    "${WASM_OPT[@]}" -Oz "${WASM_OPT_FEATURES[@]}" --strip-debug --strip-producers \
      -o "$STAGE/$name/out/${name}_bg.wasm" "$STAGE/$name/bindgen/${name}_bg.wasm"
    cp -r "$STAGE/$name/bindgen/snippets" "$STAGE/$name/out/"
    local js
    for js in "$STAGE/$name/bindgen/$name.js" "$STAGE/$name/bindgen"/snippets/*/js/*.js; do
      "$ESBUILD" --minify --log-level=warning "$js" \
        --outfile="$STAGE/$name/out/${js#"$STAGE/$name/bindgen/"}" --allow-overwrite
    done
    echo "$hash" >"$STAGE/$name/hash"
  fi
  cp -r "$STAGE/$name/out/." "$OUT/"
}

rm -rf "$OUT"
mkdir -p "$OUT" "$STAGE"
cp -r pkg-template/. "$OUT/"
cp LICENSE "$OUT/"
build_variant coder_backstage_wasm
build_variant coder_backstage_wasm_standalone --features yaml

# The npm tarball adopters install (and the React host test installs).
TARBALL_DIR="$REPO_ROOT/target/pkg-tarball"
rm -rf "$TARBALL_DIR"
mkdir -p "$TARBALL_DIR"
(cd "$OUT" && npm pack --silent --pack-destination "$TARBALL_DIR" >/dev/null)

for f in "$OUT"/*.wasm; do
  printf '%-48s %8d bytes raw, %7d gzip -9\n' "$(basename "$f")" \
    "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)" >&2
done
for f in "$TARBALL_DIR"/*.tgz; do
  printf '%-48s %8d bytes\n' "$(basename "$f")" "$(wc -c <"$f")" >&2
done
