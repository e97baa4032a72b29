#!/usr/bin/env bash
# Installs what building and testing need, skipping what is already there.
# Sourced by ./demo/run.sh (ensure_serve_toolchain) and ./tests/run.sh
# (ensure_toolchain). Everything comes from the
# package registries (crates.io, Debian, npm): no step downloads a browser,
# driver or prebuilt binary from anywhere else.

toolchain_log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

# Runs apt-get as root, through sudo when we are not root.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# The wasm-bindgen version pinned in Cargo.lock: the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
    "$REPO_ROOT/Cargo.lock"
}

# npm packages of DIR from its committed lock file, reinstalled only when
# the lock file changed since the last install.
ensure_npm() {
  local dir="$REPO_ROOT/$1"
  local stamp="$dir/node_modules/.lock-stamp"
  local want
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    toolchain_log "installing npm packages in $1"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || return 1
    echo "$want" >"$stamp"
  fi
}

# Debian packages, installed only when a command they provide is missing:
#   ensure_debian_packages COMMAND=PACKAGE...
ensure_debian_packages() {
  local pkgs=() pair
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || pkgs+=("${pair#*=}")
  done
  if [ ${#pkgs[@]} -gt 0 ]; then
    toolchain_log "installing Debian packages: ${pkgs[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${pkgs[@]}" >/dev/null
  fi
}

# What building pkg/ and serving the demo need (./demo/run.sh): no browser.
ensure_serve_toolchain() {
  export PATH="$HOME/.cargo/bin:$PATH"

  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    toolchain_log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi

  ensure_debian_packages gzip=gzip

  local want
  want="$(wasm_bindgen_version)"
  if [ -z "$want" ]; then
    echo "error: no wasm-bindgen entry in Cargo.lock" >&2
    return 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    toolchain_log "installing wasm-bindgen-cli $want from crates.io (a few minutes, once)"
    # Without --locked: the CLI's own lock file pins a webpki-roots that no
    # longer resolves; the version itself is still exact.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi

  ensure_npm demo/tools
}

# What the tests need on top (./tests/run.sh, the benchmarks, screenshots):
# Debian's Chromium and its driver, and wasm-pack for the wasm-bindgen tests.
ensure_toolchain() {
  ensure_serve_toolchain || return 1

  ensure_debian_packages /usr/bin/chromium=chromium /usr/bin/chromedriver=chromium-driver

  if ! command -v wasm-pack >/dev/null 2>&1; then
    toolchain_log "installing wasm-pack from crates.io (a few minutes, once)"
    cargo install wasm-pack --locked
  fi

  export CHROMEDRIVER=/usr/bin/chromedriver
  export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$REPO_ROOT/tests/webdriver.json"
}
