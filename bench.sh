#!/usr/bin/env bash
# Benchmark (not a test): 10 000 generated articles in memory, search latency
# p50/p95/p99 over 1 000 queries, SSR requests/second of the home page, SLA deadlines for
# 100 000 open occurrences (release build of examples/bench.rs); then, in Chromium, one
# page with 500 live SLA countdowns (the analyst queue) and what each tick costs.
source "$(dirname "$0")/dev.sh"
cd "$ROOT"
say "compilando em modo release"
RUST_LOG="${RUST_LOG:-warn}" cargo_plain run --release --example=bench --no-default-features --features=ssr

# The browser part runs the release app, as ./run.sh serves it.
ensure_build_tools
ensure_chromium
ensure_node_modules
say "contagem regressiva no navegador (${COUNTERS:-500} contadores, app em release)"
build_release
PORT="${BENCH_PORT:-3918}"
LOG="$(mktemp)"
DATABASE_URL="mem://" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/release/suporte" serve >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
(cd end2end && BASE_URL="http://127.0.0.1:$PORT" node bench/countdown.mjs)
