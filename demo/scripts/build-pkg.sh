#!/usr/bin/env bash
# Builds pkg/ (gitignored) and its npm tarball in target/pkg-tarball/:
# pkg-template/ plus two release builds of the
# wasm, each run through wasm-bindgen and wasm-opt:
#   coder_backstage_wasm*            for Backstage apps (JS object input)
#   coder_backstage_wasm_standalone* with YAML input, for standalone pages
# Expects REPO_ROOT and an ensured toolchain (see toolchain.sh).
#
# pkg is a symlink to target/pkg-builds/KEY, KEY a hash of everything the
# package is made from. When nothing changed since the last build, nothing
# runs, not even cargo: its two builds differ in features, and cargo keeps
# one artifact for a cdylib, so each call would compile the crate again. A
# new package is assembled beside the old one and the link is swapped by a
# rename, so a demo server running on pkg/ (it resolves paths per request)
# never sees a half-built or missing package while tests rebuild it.
set -euo pipefail
cd "$REPO_ROOT"

OUT="$REPO_ROOT/pkg"
BUILDS="$REPO_ROOT/target/pkg-builds"
STAGE="$REPO_ROOT/target/pkg-stage"
TARBALL_DIR="$REPO_ROOT/target/pkg-tarball"
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
VARIANTS=(coder_backstage_wasm coder_backstage_wasm_standalone)

mkdir -p "$BUILDS" "$STAGE"
# Two builds at once (a demo starting while the tests build) would share
# the staging directories.
exec 9>"$BUILDS/.lock"
flock 9

# The source files cargo's dep-info (saved from a variant's last build)
# names, one a line.
dep_info_files() {
  # One line "TARGET: DEP DEP ...", spaces in paths escaped as "\ ".
  sed -e '1s/^[^:]*: *//' -e 's/\([^\\]\) /\1\n/g' -e 's/\\ / /g' "$1"
}

# A hash of everything the package is made from: the crate's sources as
# the last build's dep-info lists them, the lock file, the toolchain, these
# scripts and the template. Empty when no build has recorded its sources.
input_key() {
  local name files=()
  for name in "${VARIANTS[@]}"; do
    [ -f "$STAGE/$name/dep-info" ] || return 0
    mapfile -t -O "${#files[@]}" files < <(dep_info_files "$STAGE/$name/dep-info")
  done
  {
    rustc -vV
    wasm-bindgen --version
    printf 'RUSTFLAGS=%s\nCARGO_ENCODED_RUSTFLAGS=%s\n' "${RUSTFLAGS:-}" "${CARGO_ENCODED_RUSTFLAGS:-}"
    sha256sum Cargo.toml Cargo.lock LICENSE "${BASH_SOURCE[0]}" \
      demo/scripts/shorten-imports.mjs demo/tools/package-lock.json
    find pkg-template -type f -print0 | sort -z | xargs -0 sha256sum
    # A source that is gone drops out of the list, which changes the key.
    printf '%s\n' "${files[@]}" | sort -u | xargs -d '\n' sha256sum 2>/dev/null || true
  } | sha256sum | cut -c1-20
}

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
    rm -rf "${STAGE:?}/$name"
    mkdir -p "$STAGE/$name/out"
    wasm-bindgen --target web --no-typescript --out-dir "$STAGE/$name/bindgen" --out-name "$name" "$WASM"
    # Short import names (see the script): about 6 KB of the gzipped bundle.
    node "$REPO_ROOT/demo/scripts/shorten-imports.mjs" \
      "$STAGE/$name/bindgen/${name}_bg.wasm" "$STAGE/$name/bindgen/$name.js"
    # -Oz twice: the second pass finds what the first one's inlining
    # exposed (0.6 KB gzip less; a third finds nothing).
    "${WASM_OPT[@]}" -Oz -Oz "${WASM_OPT_FEATURES[@]}" --strip-debug --strip-producers \
      -o "$STAGE/$name/out/${name}_bg.wasm" "$STAGE/$name/bindgen/${name}_bg.wasm"
    cp -r "$STAGE/$name/bindgen/snippets" "$STAGE/$name/out/"
    local js
    for js in "$STAGE/$name/bindgen/$name.js" "$STAGE/$name/bindgen"/snippets/*/js/*.js; do
      "$ESBUILD" --minify --log-level=warning "$js" \
        --outfile="$STAGE/$name/out/${js#"$STAGE/$name/bindgen/"}" --allow-overwrite
    done
    echo "$hash" >"$STAGE/$name/hash"
  fi
  # What this build read, for input_key on the next run.
  cp "${WASM%.wasm}.d" "$STAGE/$name/dep-info"
}

key="$(input_key)"
if [ -n "$key" ] && [ "$(readlink "$OUT" 2>/dev/null)" = "target/pkg-builds/$key" ] \
  && [ -d "$BUILDS/$key" ] && [ "$(cat "$TARBALL_DIR/.key" 2>/dev/null)" = "$key" ]; then
  echo "pkg/ is up to date (inputs $key)" >&2
  exit 0
fi

build_variant coder_backstage_wasm
build_variant coder_backstage_wasm_standalone --features yaml
# Now from this build's dep-info, which may name sources the last one did not.
key="$(input_key)"
dir="$BUILDS/$key"

# The same inputs as an earlier build (a change undone) reuse its package.
if [ ! -d "$dir" ]; then
  rm -rf "$dir.tmp"
  mkdir -p "$dir.tmp"
  cp -r pkg-template/. "$dir.tmp/"
  cp LICENSE "$dir.tmp/"
  for name in "${VARIANTS[@]}"; do cp -r "$STAGE/$name/out/." "$dir.tmp/"; done
  mv "$dir.tmp" "$dir"
fi

previous="$(readlink "$OUT" 2>/dev/null || true)"
# Before pkg/ was a link it was a directory, which a link cannot be renamed
# over: that one switch is not atomic.
if [ -d "$OUT" ] && [ ! -L "$OUT" ]; then rm -rf "$OUT"; fi
ln -sfn "target/pkg-builds/$key" "$BUILDS/.pkg-link"
mv -T "$BUILDS/.pkg-link" "$OUT"
# Keep the package just replaced: a page may be midway through loading it.
find "$BUILDS" -mindepth 1 -maxdepth 1 ! -name "$key" ! -name "${previous##*/}" ! -name .lock \
  -exec rm -rf {} +

# The npm tarball adopters install (and the React host test installs).
rm -rf "$TARBALL_DIR"
mkdir -p "$TARBALL_DIR"
(cd "$dir" && npm pack --silent --pack-destination "$TARBALL_DIR" >/dev/null)
echo "$key" >"$TARBALL_DIR/.key"

for f in "$dir"/*.wasm; do
  printf '%-48s %8d bytes raw, %7d gzip -9\n' "$(basename "$f")" \
    "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)" >&2
done
for f in "$TARBALL_DIR"/*.tgz; do
  printf '%-48s %8d bytes\n' "$(basename "$f")" "$(wc -c <"$f")" >&2
done
