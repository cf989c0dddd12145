#!/usr/bin/env bash
# Starts the whole system locally: the AWS emulator, the table, bucket and mail
# identity (from template.yaml), the master data, and the gateway with every
# function's routes and the scheduled jobs on 127.0.0.1. Ctrl-C stops it all.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PORT="${VSYS_PORT:-8080}"
export VSYS_STAGE="${VSYS_STAGE:-production}"

ensure_venv
# The debug profile: it shares every compiled dependency with the test
# command's build, so a first start takes minutes, not a release build's
# quarter of an hour (the hashing crates are optimised in it all the same).
echo "==> building the gateway"
cargo build --locked -p vsys-local
build_web
BIN="$ROOT/target/debug/vsys-local"

echo "==> emulator"
start_emulator "${VSYS_DATA_PORT:-4566}" "${VSYS_MAIL_PORT:-4567}"
trap stop_emulator EXIT

echo "==> table, bucket, mail identity and master data"
"$BIN" setup

cat <<TXT

V-SYS is running locally (stage: $VSYS_STAGE).

  In the browser:  http://127.0.0.1:$PORT/app/   (the public site finder: /app/finder)
  API:             http://127.0.0.1:$PORT   (routes: infra/openapi.yaml)
  First national administrator account:
      VSYS_ENDPOINT=$VSYS_ENDPOINT VSYS_MAIL_ENDPOINT=$VSYS_MAIL_ENDPOINT $BIN bootstrap-admin you@example.go.jp --port $PORT
    then read its activation mail:  curl 'http://127.0.0.1:$PORT/_local/mail?to=you@example.go.jp'
    and open its link in the browser (the code it asks for comes by mail too).
  Public site finder (no sign-in): curl 'http://127.0.0.1:$PORT/public/sites?prefecture_code=13'
  Run a scheduled job now:   curl -X POST http://127.0.0.1:$PORT/_local/jobs/activation-reminders -H 'content-type: application/json'
  Move the clock:            curl -X POST http://127.0.0.1:$PORT/_local/clock -H 'content-type: application/json' -d '{"freeze_at":"2021-04-21T17:00:00+09:00"}'

Press Ctrl-C to stop.
TXT
"$BIN" serve --port "$PORT"
