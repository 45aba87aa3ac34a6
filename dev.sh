#!/usr/bin/env bash
# Shared settings and installers, sourced by run.sh, test.sh and bench.sh.
#
# One target directory outside the clone and one set of flags for every cargo command,
# so the server build, the tests and CI reuse the same compiled dependencies (a cold
# build of Leptos + SurrealDB takes ~11 minutes on two cores; a warm one, seconds).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/suporte/target}"
CARGO_LEPTOS_VERSION="0.3.10"
# cargo-leptos builds debug binaries with `--cfg erase_components`; plain cargo commands
# must use the very same flags or every dependency is compiled a second time. Only set
# for plain cargo: cargo-leptos adds it itself (and would add it twice).
PLAIN_RUSTFLAGS="--cfg erase_components"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

# Leptos also bakes LEPTOS_OUTPUT_NAME (set by cargo-leptos) into its crates; without the
# same value, cargo test and cargo leptos build would keep rebuilding each other's Leptos.
cargo_plain() { RUSTFLAGS="$PLAIN_RUSTFLAGS" LEPTOS_OUTPUT_NAME=suporte cargo "$@"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown ||
    { say "instalando o alvo wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }
}

ensure_cargo_leptos() {
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "instalando cargo-leptos $CARGO_LEPTOS_VERSION (~15 min na primeira vez)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
}

# wasm-bindgen-cli must match the wasm-bindgen version locked in Cargo.lock exactly.
ensure_wasm_bindgen() {
  local want
  want="$(grep -A1 '^name = "wasm-bindgen"$' "$ROOT/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')"
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $want"; then
    say "instalando wasm-bindgen-cli $want (~6 min na primeira vez)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "instalando o Chromium do Debian"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  fi
}

ensure_node_modules() {
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ] || [ ! -d "$ROOT/end2end/node_modules/@axe-core/playwright" ] ||
    [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ]; then
    say "instalando o Playwright (sem baixar navegador) e o wasm-opt (binaryen do npm)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

# The debug app, for development (`cargo leptos watch` also works). cargo-leptos empties
# the site folder before each front-end build, so no file of another build stays behind.
build_debug() { cargo leptos build; }

# The release app. The browser's WASM goes through cargo-leptos (profile `wasm-release`:
# opt-level z, LTO; wasm-opt from npm's binaryen, found on PATH so nothing is downloaded;
# split: each lazy route's code in WASM chunks of its own, loaded when the route is first
# visited; hashed file names, hash.txt beside the server binary; gzip and brotli copies
# beside each file, served as is). The server is a plain cargo release build with the shared flags, so
# it reuses the benchmark's compiled dependencies. Both with `--cfg erase_components`
# (Cargo.toml: always-erase-components), which cargo-leptos sets itself.
build_release_front() {
  ensure_node_modules
  PATH="$ROOT/end2end/node_modules/.bin:$PATH" \
    cargo leptos build --release --frontend-only --precompress --split
}

build_release() {
  build_release_front
  cargo_plain build --release --no-default-features --features=ssr --bin suporte
}

# Waits up to a minute for URL to answer; fails (printing LOG) if process PID dies first.
wait_for() {
  local url="$1" pid="$2" log="${3:-/dev/null}"
  for _ in $(seq 1 120); do
    curl -fs "$url" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "não subiu: $url" >&2; return 1; }
    sleep 0.5
  done
  cat "$log"; echo "não respondeu em 60 s: $url" >&2; return 1
}

# The SurrealDB server (`surreal`, tools/surreal) of the second test pass and the scale
# benchmarks: built once per machine into ~/.cache/suporte/surreal (see BENCHMARKS.md for
# the cold build time), again only when tools/surreal changes.
SURREAL_HOME="${SURREAL_HOME:-$HOME/.cache/suporte/surreal}"
SURREAL_BIN="$SURREAL_HOME/bin/surreal"
ensure_surreal() {
  local want
  want="$(cat "$ROOT"/tools/surreal/Cargo.toml "$ROOT"/tools/surreal/Cargo.lock "$ROOT"/tools/surreal/src/*.rs | sha256sum | cut -d' ' -f1)"
  if [ ! -x "$SURREAL_BIN" ] || [ "$(cat "$SURREAL_HOME/built-from" 2>/dev/null)" != "$want" ]; then
    say "compilando o servidor SurrealDB (tools/surreal; ~40 min na primeira vez)"
    cargo install --locked --force --path "$ROOT/tools/surreal" --root "$SURREAL_HOME" \
      --target-dir "$HOME/.cache/suporte/surreal-target"
    echo "$want" >"$SURREAL_HOME/built-from"
  fi
}

# A WebSocket's LIVE notifications queue up to this many before the server closes the
# connection as lagging (SurrealDB's default, 100, is one bulk write: a 1 500-row insert or
# the SLA re-timing of every open case closed the app's connection; tests/queue.rs).
export SURREAL_WEBSOCKET_RESPONSE_CHANNEL_SIZE="${SURREAL_WEBSOCKET_RESPONSE_CHANNEL_SIZE:-100000}"

# Starts `surreal` on 127.0.0.1:$1 with its files in $2 (SurrealKV, every commit fsynced)
# and root password $3, logging to $4; sets SURREAL_PID once it answers.
start_surreal() {
  local port="$1" dir="$2" pass="$3" log="$4"
  SURREAL_DATASTORE_SYNC=every "$SURREAL_BIN" start --no-banner --log warn \
    --bind "127.0.0.1:$port" --user root --pass "$pass" "surrealkv://$dir?sync=every" >"$log" 2>&1 &
  SURREAL_PID=$!
  wait_for "http://127.0.0.1:$port/health" "$SURREAL_PID" "$log"
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_cargo_leptos
  ensure_wasm_bindgen
}
