#!/usr/bin/env bash
# Installs whatever is missing, builds, and starts Suporte UNO on http://127.0.0.1:3000
# (settings in Leptos.toml; DATABASE_URL, LEPTOS_SITE_ADDR, RUST_LOG override them).
source "$(dirname "$0")/dev.sh"
cd "$ROOT"
ensure_build_tools
say "compilando em modo release (a primeira vez leva ~35 min)"
build_release
say "iniciando; dados em ${DATABASE_URL:-surrealkv://data/db}"
exec "$CARGO_TARGET_DIR/release/suporte" serve
