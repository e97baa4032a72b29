#!/usr/bin/env bash
# Benchmarks (not part of ./tests/run.sh's pass/fail): builds the release
# pkg/, starts demo servers with 20 and 5,000 workspaces (and two with the
# built-in seed for the status latency), and prints one line per figure
# ("name value unit"), also written to target/bench.json, then the 15
# largest items of the wasm (twiggy). The figures are listed in
# tests/README.md, "Benchmarks".
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
cd "$REPO_ROOT"
# shellcheck source=../demo/scripts/toolchain.sh
source demo/scripts/toolchain.sh
ensure_toolchain
ensure_npm tests/e2e
command -v twiggy >/dev/null 2>&1 || cargo install twiggy --locked

bash demo/scripts/build-pkg.sh
cargo build --quiet --release -p coder-demo-server

# N running workspaces of the demo user, as the Coder API shapes them.
workspaces_json() {
  node -e '
    const ws = Array.from({ length: Number(process.argv[1]) }, (_, i) => ({
      id: `bench-${i}`, name: `workspace-${i}`, owner_name: "demo",
      template_icon: "/icon/rust.svg", template_display_name: "Rust",
      latest_build: { id: `build-${i}`, status: "running",
        resources: [{ agents: [{ status: "connected" }] }] },
    }));
    process.stdout.write(JSON.stringify(ws));
  ' "$1"
}
mkdir -p target/bench
workspaces_json 20 >target/bench/workspaces-20.json
workspaces_json 5000 >target/bench/workspaces-5000.json

export BENCH_TOKEN=bench-token
# shellcheck source=../demo/scripts/background-server.sh
source demo/scripts/background-server.sh
start_demo_server --token "$BENCH_TOKEN" --workspaces target/bench/workspaces-20.json 2>/dev/null
# A second server for the 5,000-row figures (BIG_URL).
start_server_as BIG_URL --token "$BENCH_TOKEN" --workspaces target/bench/workspaces-5000.json 2>/dev/null
# Servers of their own for the status latency (their builds change their
# state, which the other figures must not see): the seed's demo user, each
# build phase STATUS_STEP_MS long. The polling one's phases outlast the 5 s
# the card gives a silent watch stream, so its changes come after it fell
# back to polling.
export STATUS_STEP_MS=1000 STATUS_POLL_STEP_MS=3500
start_server_as STATUS_URL --token "$BENCH_TOKEN" --build-step-ms "$STATUS_STEP_MS" 2>/dev/null
start_server_as STATUS_POLL_URL --token "$BENCH_TOKEN" --build-step-ms "$STATUS_POLL_STEP_MS" 2>/dev/null

node tests/e2e/bench.mjs
echo
echo "largest items of the wasm (twiggy top 15, before wasm-opt, names kept):"
twiggy top -n 15 target/pkg-stage/coder_backstage_wasm/bindgen/coder_backstage_wasm_bg.wasm | cut -c1-140
