#!/usr/bin/env bash
# Benchmark (not a test): 10 000 generated articles in memory, search latency
# p50/p95/p99 over 1 000 queries, and SSR requests/second of the home page.
# Uses an optimised server build (the first one takes a while).
source "$(dirname "$0")/dev.sh"
cd "$ROOT"
say "compilando em modo release"
RUST_LOG="${RUST_LOG:-warn}" cargo_plain run --release --example=bench --no-default-features --features=ssr
