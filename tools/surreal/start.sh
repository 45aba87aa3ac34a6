#!/usr/bin/env bash
# Starts a SurrealDB server for the app (built from tools/surreal on first use):
#   tools/surreal/start.sh PORTA PASTA
# with the root password in SURREAL_ROOT_PASS. Then create the app's user and point the
# app at it (README, "Escala"):
#   DATABASE_URL=ws://127.0.0.1:PORTA DATABASE_ROOT_PASS=… suporte create-db-user suporte
source "$(dirname "$0")/../../dev.sh"
[ $# -eq 2 ] || { echo "uso: tools/surreal/start.sh PORTA PASTA" >&2; exit 2; }
: "${SURREAL_ROOT_PASS:?defina SURREAL_ROOT_PASS (senha do root do banco)}"
ensure_surreal
mkdir -p "$2"
# SURREAL_WEBSOCKET_RESPONSE_CHANNEL_SIZE comes from dev.sh (100 000: see there).
exec env SURREAL_DATASTORE_SYNC=every "$SURREAL_BIN" start --no-banner --log info \
  --bind "127.0.0.1:$1" --user root --pass "$SURREAL_ROOT_PASS" "surrealkv://$(cd "$2" && pwd)?sync=every"
