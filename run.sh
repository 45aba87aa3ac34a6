#!/usr/bin/env bash
# Installs whatever is missing, builds, and starts Suporte UNO on http://127.0.0.1:3000
# (settings in Leptos.toml; DATABASE_URL, LEPTOS_SITE_ADDR, RUST_LOG override them).
source "$(dirname "$0")/dev.sh"
cd "$ROOT"
ensure_build_tools
say "compilando em modo release (a primeira vez leva ~35 min)"
build_release
# A try-out: the demo accounts (passwords in the README), companies and Level 0 corpus.
# A real installation starts without it (SUPORTE_DEMO=0 ./run.sh, or the binary alone).
export SUPORTE_DEMO="${SUPORTE_DEMO:-1}"
say "iniciando; dados em ${DATABASE_URL:-surrealkv://data/db}"
exec "$CARGO_TARGET_DIR/release/suporte" serve
