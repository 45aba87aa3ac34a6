#!/usr/bin/env bash
# Installs whatever is missing, builds, and starts Suporte UNO on http://127.0.0.1:3000
# (settings in Leptos.toml; DATABASE_URL, LEPTOS_SITE_ADDR, RUST_LOG override them).
source "$(dirname "$0")/dev.sh"
cd "$ROOT"
ensure_build_tools
say "compilando (a primeira vez leva ~15 min)"
cargo leptos build
say "iniciando; dados em ${DATABASE_URL:-surrealkv://data/db}"
exec "$CARGO_TARGET_DIR/debug/suporte" serve
