#!/usr/bin/env bash
# Benchmark (not a test): search latency on generated pt-BR corpora of 10 000 and 100 000
# articles against bare tantivy, SLA deadlines for 100 000 open occurrences, SSR
# requests/second of the home page in process (release build of examples/bench/); then,
# with the release app: in Chromium, one page with 500 live SLA countdowns (the analyst
# queue) and what each tick costs; over HTTP, the home page against nginx serving the same
# bytes.
source "$(dirname "$0")/dev.sh"
cd "$ROOT"
# `./bench.sh painel [N]`: only the coordinator's dashboard at N occurrences (default a
# million, seeded into a SurrealKV file; the seeding alone takes a while).
if [ "${1:-}" = painel ]; then
  say "painel da coordenação a ${2:-1000000} ocorrências (SurrealKV, release)"
  RUST_LOG="${RUST_LOG:-warn}" cargo_plain run --release --example=bench --no-default-features \
    --features=ssr -- painel "${2:-1000000}"
  exit 0
fi
# `./bench.sh escala`: kill -9 (10 rounds: the app on its embedded database, the SurrealDB
# server under the app; SIGTERM too) and writers in contention (1, 10, 50, 200 at once: one
# process on SurrealKV, three on the SurrealDB server), release build. Figures printed.
if [ "${1:-}" = escala ]; then
  ensure_surreal
  RELEASE_TESTS=(cargo_plain test --release --no-default-features --features=ssr --test kill --test contention)
  export KILL_ROUNDS="${KILL_ROUNDS:-10}" CONTENTION_WRITERS="${CONTENTION_WRITERS:-1,10,50,200}"
  export CONTENTION_REQUESTS="${CONTENTION_REQUESTS:-400}"
  say "kill -9, SIGTERM e contenção: um processo, SurrealKV embutido ($KILL_ROUNDS rodadas)"
  "${RELEASE_TESTS[@]}" -- --nocapture --test-threads=1
  DIR="$(mktemp -d)"
  PASS="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  PORT="${SURREAL_BENCH_PORT:-3920}"
  start_surreal "$PORT" "$DIR/data" "$PASS" "$DIR/surreal.log"
  trap 'kill $SURREAL_PID 2>/dev/null || true; rm -rf "$DIR"' EXIT
  say "kill -9 do SurrealDB e contenção: três processos num servidor SurrealDB"
  SUPORTE_TEST_SURREAL_URL="ws://127.0.0.1:$PORT" SUPORTE_TEST_SURREAL_ROOT_PASS="$PASS" \
    SUPORTE_TEST_SURREAL_BIN="$SURREAL_BIN" "${RELEASE_TESTS[@]}" -- --nocapture --test-threads=1
  exit 0
fi
# `./bench.sh carga [N]`: N occurrences (default a million) seeded on a SurrealDB server,
# then the pages people wait on one at a time, and a mixed load with 1 000 live streams
# against one and three release processes (tests/load.rs). Figures printed.
if [ "${1:-}" = carga ]; then
  ensure_surreal
  export LOAD_OCCURRENCES="${2:-1000000}" LOAD_STREAMS="${LOAD_STREAMS:-1000}"
  export LOAD_SECONDS="${LOAD_SECONDS:-60}" LOAD_SAMPLES="${LOAD_SAMPLES:-100}" LOAD_WORKERS="${LOAD_WORKERS:-4}"
  DIR="$(mktemp -d)"
  PASS="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  PORT="${SURREAL_BENCH_PORT:-3920}"
  start_surreal "$PORT" "$DIR/data" "$PASS" "$DIR/surreal.log"
  trap 'kill $SURREAL_PID 2>/dev/null || true; rm -rf "$DIR"' EXIT
  say "carga e volume: $LOAD_OCCURRENCES ocorrências, $LOAD_STREAMS streams, $LOAD_SECONDS s (release)"
  SUPORTE_TEST_SURREAL_URL="ws://127.0.0.1:$PORT" SUPORTE_TEST_SURREAL_ROOT_PASS="$PASS" \
    cargo_plain test --release --no-default-features --features=ssr --test load -- --nocapture
  echo "memória residente do servidor SurrealDB: $(awk '/VmRSS/ {print int($2/1024) " MiB"}' /proc/$SURREAL_PID/status)"
  exit 0
fi
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
# 500 occurrences are seeded as one contact: no hourly allowance for the benchmark.
LIMIT_OPENINGS_PERSON=0 LIMIT_OPENINGS_COMPANY=0 LIMIT_MESSAGES_PERSON=0 LIMIT_MESSAGES_COMPANY=0 \
  DATABASE_URL="mem://" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" RUST_LOG=warn SUPORTE_DEMO=1 \
  "$CARGO_TARGET_DIR/release/suporte" serve >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
wait_for "http://127.0.0.1:$PORT/healthz" $SERVER "$LOG"
(cd end2end && BASE_URL="http://127.0.0.1:$PORT" node bench/countdown.mjs)

# The same pages over HTTP from the app and from nginx serving copies of their bytes.
say "HTTP: página inicial, busca e artigo do app contra o nginx com os mesmos bytes"
if [ ! -x /usr/sbin/nginx ]; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx-light
  as_root service nginx stop >/dev/null 2>&1 || true
fi
WWW="$(mktemp -d)"
NGINX_PORT="${BENCH_NGINX_PORT:-3919}"
curl -fs "http://127.0.0.1:$PORT/" -o "$WWW/index.html"
curl -fs "http://127.0.0.1:$PORT/busca?q=nota+fiscal" -o "$WWW/busca.html"
curl -fs "http://127.0.0.1:$PORT/faq/quando-ligar" -o "$WWW/artigo.html"
# nginx's workers run as another user: let them read the copies.
chmod 755 "$WWW" && chmod 644 "$WWW"/*.html
cat >"$WWW/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $WWW/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WWW;
    default_type text/html;
    location = / { try_files /index.html =404; }
    location = /busca { try_files /busca.html =404; }
    location = /artigo { try_files /artigo.html =404; }
  }
}
EOF
/usr/sbin/nginx -p "$WWW" -c "$WWW/nginx.conf" &
NGINX=$!
trap 'kill $SERVER $NGINX 2>/dev/null || true' EXIT
wait_for "http://127.0.0.1:$NGINX_PORT/" $NGINX
"$CARGO_TARGET_DIR/release/examples/bench" http "127.0.0.1:$PORT" "127.0.0.1:$NGINX_PORT"

# Lighthouse (mobile) on the Level 0 pages of the same release app.
say "Lighthouse (mobile) nas páginas do Nível 0"
end2end/bench/lighthouse.sh "http://127.0.0.1:$PORT"

# A first search on a slow phone: the app loads when the search box is tapped.
say "primeira busca num celular lento (app carregado ao tocar na caixa de busca)"
(cd end2end && BASE_URL="http://127.0.0.1:$PORT" node bench/first-search.mjs)
(cd end2end && EAGER=1 BASE_URL="http://127.0.0.1:$PORT" node bench/first-search.mjs | sed 's/^/(app no load) /')
