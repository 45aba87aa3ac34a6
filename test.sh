#!/usr/bin/env bash
# Installs whatever is missing and runs every test: formatting, Rust unit and integration
# tests (SurrealDB mem://, then the integration tests again on a SurrealDB server over
# ws://), then the browser end-to-end tests (Playwright + Chromium) against a freshly
# built server with an in-memory database.
source "$(dirname "$0")/dev.sh"
cd "$ROOT"
ensure_build_tools
ensure_chromium
ensure_node_modules

say "formatação (cargo fmt --check)"
cargo fmt --check

say "lint (clippy -D warnings, servidor e navegador)"
cargo_plain clippy --no-default-features --features=ssr --all-targets -- -D warnings
cargo_plain clippy --no-default-features --features=hydrate --target=wasm32-unknown-unknown --lib -- -D warnings

say "testes Rust (unitários e de integração)"
cargo_plain test --no-default-features --features=ssr

# Second pass: the integration tests again, each on a database of its own on a real
# SurrealDB server (tools/surreal) over ws://, signed in as the app's database user.
say "testes de integração contra um servidor SurrealDB (ws://, usuário do app)"
ensure_surreal
SURREAL_DIR="$(mktemp -d)"
SURREAL_PASS="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
SURREAL_PORT="${SURREAL_TEST_PORT:-3918}"
SURREAL_PID=""
SERVER=""
cleanup() {
  kill $SERVER $SURREAL_PID 2>/dev/null || true
  rm -rf "$SURREAL_DIR"
}
trap cleanup EXIT
start_surreal "$SURREAL_PORT" "$SURREAL_DIR/data" "$SURREAL_PASS" "$SURREAL_DIR/surreal.log"
# tests/kill.rs starts (and kills) a server of its own with the same command.
SUPORTE_TEST_SURREAL_URL="ws://127.0.0.1:$SURREAL_PORT" SUPORTE_TEST_SURREAL_ROOT_PASS="$SURREAL_PASS" \
  SUPORTE_TEST_SURREAL_BIN="$SURREAL_BIN" cargo_plain test --no-default-features --features=ssr --test '*'
kill "$SURREAL_PID"

# The browser tests run on what users get: the release server and the release WASM
# (wasm-opt, hashed names, gzip and brotli copies). Its sizes are printed.
say "build de release (servidor + WASM otimizado e pré-comprimido)"
build_release
for f in target/site/pkg/suporte.*.wasm target/site/pkg/suporte.*.js target/site/pkg/__wasm_split.*.js \
  target/site/pkg/suporte.*.css; do
  printf '  %-50s %8s B  gzip %8s B  brotli %8s B\n' "$f" "$(stat -c %s "$f")" \
    "$(stat -c %s "$f.gz" 2>/dev/null || echo -)" "$(stat -c %s "$f.br" 2>/dev/null || echo -)"
done

PORT="${E2E_PORT:-3917}"
LOG="$(mktemp)"
say "servidor de teste em 127.0.0.1:$PORT (log: $LOG)"
# The suite opens some thirty occurrences as one contact within minutes: far more than
# the hourly allowance a customer has (tests/volume.rs proves the limits themselves).
LIMITS="LIMIT_OPENINGS_PERSON=0 LIMIT_OPENINGS_COMPANY=0 LIMIT_MESSAGES_PERSON=0 LIMIT_MESSAGES_COMPANY=0"
env $LIMITS DATABASE_URL="mem://" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" RUST_LOG="${RUST_LOG:-warn}" SUPORTE_TEST_CLOCK=1 SUPORTE_DEMO=1 \
  "$CARGO_TARGET_DIR/release/suporte" serve >"$LOG" 2>&1 &
SERVER=$!
wait_for "http://127.0.0.1:$PORT/healthz" $SERVER "$LOG"

say "testes end-to-end (Playwright + Chromium)"
(cd end2end && BASE_URL="http://127.0.0.1:$PORT" npx playwright test)
kill $SERVER 2>/dev/null || true

# Two release processes on one SurrealDB server, as README "Escala" sets them up: a browser
# on one follows what is done through the other (end2end/tests/processes.spec.ts).
say "dois processos do app num servidor SurrealDB (Playwright)"
E2E_SURREAL_PORT=$((SURREAL_PORT + 2))
start_surreal "$E2E_SURREAL_PORT" "$SURREAL_DIR/e2e" "$SURREAL_PASS" "$SURREAL_DIR/e2e.log"
APP_DB_PASS="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
DATABASE_URL="ws://127.0.0.1:$E2E_SURREAL_PORT" DATABASE_ROOT_USER=root DATABASE_ROOT_PASS="$SURREAL_PASS" \
  DATABASE_PASS="$APP_DB_PASS" "$CARGO_TARGET_DIR/release/suporte" create-db-user suporte_app >/dev/null
SERVER=""
for i in 1 2; do
  # The first process creates the demo accounts; the second finds them.
  env $LIMITS DATABASE_URL="ws://127.0.0.1:$E2E_SURREAL_PORT" DATABASE_USER=suporte_app DATABASE_PASS="$APP_DB_PASS" \
    LEPTOS_SITE_ADDR="127.0.0.1:$((PORT + 9 + i))" RUST_LOG="${RUST_LOG:-warn}" SUPORTE_DEMO=$((i == 1 ? 1 : 0)) \
    "$CARGO_TARGET_DIR/release/suporte" serve >"$LOG.$i" 2>&1 &
  SERVER="$SERVER $!"
  wait_for "http://127.0.0.1:$((PORT + 9 + i))/healthz" $! "$LOG.$i"
done
(cd end2end && BASE_URL="http://127.0.0.1:$((PORT + 10))" BASE_URL_2="http://127.0.0.1:$((PORT + 11))" npx playwright test)
say "todos os testes passaram"
