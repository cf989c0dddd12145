#!/usr/bin/env bash
# Benchmarks what is ours: binary size and start-up time of every function
# relative to a hello-world lambda_http binary, and DynamoDB round trips per
# request. (Never throughput against the emulator: it saturates one core.)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_venv
echo "==> release build of every function and the hello-world yardstick"
cargo build --release --locked -p vsys-auth -p vsys-accounts -p vsys-plans -p vsys-facilities -p vsys-contracts -p vsys-public -p vsys-allocation -p vsys-delivery -p vsys-results -p vsys-reservations -p vsys-billing -p vsys-support -p vsys-residents -p vsys-authorizer -p vsys-scheduler -p vsys-hello

start_emulator "$(free_port)" "$(free_port)"
trap stop_emulator EXIT
cargo bench --locked -p vsys-e2e --bench functions

echo "==> the browser app's first screen"
ensure_chromium
build_web
cargo build --locked -p vsys-local
GATEWAY_PORT="$(free_port)"
start_gateway "$ROOT/target/debug/vsys-local" "$GATEWAY_PORT"
trap 'kill "$GATEWAY_PID" 2>/dev/null || true; stop_emulator' EXIT
(cd web && VSYS_BASE="http://127.0.0.1:$GATEWAY_PORT" node bench/first-screen.mjs)
