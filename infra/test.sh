#!/usr/bin/env bash
# Runs every check: the template (cfn-lint, sam validate), then all Rust tests
# (unit tests and end-to-end tests through the gateway against the emulator,
# every answer held to infra/openapi.yaml), the browser app's build and its
# tests in headless Chromium, contract fuzzing with schemathesis, and the
# permissions check of the AWS calls made, the post-deploy smoke test against
# the local gateway and the cost model's figures against docs/scale.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_venv
ensure_fuzz_venv
# One full run reuses nothing of the incremental caches, which would take
# several GB of disk beside the build itself.
export CARGO_INCREMENTAL=0

echo "==> template.yaml: cfn-lint (warnings fail too)"
"$VENV/bin/cfn-lint" template.yaml
echo "==> template.yaml: sam validate (runs the SAM transform, offline)"
"$VENV/bin/sam" validate --template template.yaml --region ap-northeast-1 --lint
echo "==> cost and load model: docs/scale.md against infra/scale.py"
"$VENV/bin/python" infra/scale.py --check docs/scale.md

echo "==> emulator"
start_emulator "$(free_port)" "$(free_port)"
trap stop_emulator EXIT
echo "    data $VSYS_ENDPOINT, mail $VSYS_MAIL_ENDPOINT"

echo "==> cargo test"
LOG="$STATE/cargo-test.log"
# Every AWS call the suite makes is recorded with the function whose code
# made it; the permissions test then compares them with the template.
export VSYS_OBSERVED_GRANTS="$STATE/observed-grants.txt"
: > "$VSYS_OBSERVED_GRANTS"
cargo test --workspace --locked 2>&1 | tee "$LOG"
# A fresh emulator for what follows: moto copies a table on every
# transaction step and keeps the memory of the end-to-end suite's
# thousands of transactions, which would leave the browser tests swapping.
stop_emulator
start_emulator "$(free_port)" "$(free_port)"
echo "==> browser tests: the app in Debian's Chromium against the gateway and the emulator"
ensure_chromium
build_web
cargo build --locked -p vsys-local
# Two gateways on the emulator: the production stage the tests click
# through, and the training stage, whose every page must be yellow.
GATEWAY_PORT="$(free_port)"
start_gateway "$ROOT/target/debug/vsys-local" "$GATEWAY_PORT"
PRODUCTION_PID="$GATEWAY_PID"
TRAINING_PORT="$(free_port)"
VSYS_STAGE=training start_gateway "$ROOT/target/debug/vsys-local" "$TRAINING_PORT"
trap 'kill "$PRODUCTION_PID" "$GATEWAY_PID" 2>/dev/null || true; stop_emulator' EXIT
ADMIN_EMAIL="admin-browser@mhlw.example.go.jp"
ADMIN_ID="$("$ROOT/target/debug/vsys-local" bootstrap-admin "$ADMIN_EMAIL" --port "$GATEWAY_PORT" | sed -n 's/^national administrator: \([^ ]*\).*/\1/p')"
rm -f web/test-results/admin-device.txt
(cd web && VSYS_BASE="http://127.0.0.1:$GATEWAY_PORT" VSYS_TRAINING_BASE="http://127.0.0.1:$TRAINING_PORT" \
  VSYS_ADMIN_ID="$ADMIN_ID" VSYS_ADMIN_EMAIL="$ADMIN_EMAIL" \
  node --test --test-concurrency=1 --test-reporter=spec tests/) 2>&1 | tee -a "$LOG"
echo "==> post-deploy smoke test: infra/smoke.py with its own account against the gateway"
SMOKE_EMAIL="smoke@mhlw.example.go.jp"
SMOKE_BASE="http://127.0.0.1:$GATEWAY_PORT"
export VSYS_SMOKE_PASSWORD="smoke-test-2021"
VSYS_SMOKE_ID="$("$ROOT/target/debug/vsys-local" bootstrap-admin "$SMOKE_EMAIL" --port "$GATEWAY_PORT" | sed -n 's/^national administrator: \([^ ]*\).*/\1/p')"
export VSYS_SMOKE_ID
VSYS_SMOKE_DEVICE="$("$VENV/bin/python" infra/smoke.py "$SMOKE_BASE" --enrol-local "$SMOKE_EMAIL")"
export VSYS_SMOKE_DEVICE
"$VENV/bin/python" infra/smoke.py "$SMOKE_BASE" 2>&1 | tee -a "$LOG"
kill "$PRODUCTION_PID" "$GATEWAY_PID" 2>/dev/null || true
echo "==> contract fuzzing: schemathesis over every operation of infra/openapi.yaml"
VSYS_SCHEMATHESIS="$FUZZ_VENV/bin/st" cargo test --locked -p vsys-e2e --test fuzz -- --ignored 2>&1 | tee -a "$LOG"
echo "==> permissions: the calls observed against the template's grants"
cargo test --locked -p vsys-e2e --test grants -- --ignored 2>&1 | tee -a "$LOG"
# One closing line for the whole run (cargo prints one per test binary).
# node's reporter ends with "ℹ pass N" / "ℹ fail N" / "ℹ skipped N".
awk '/^test result:/ { p += $4; f += $6; i += $8 }
     /^ℹ pass / { p += $3 } /^ℹ fail / { f += $3 } /^ℹ skipped / { i += $3 }
     END { printf "\ntests: %d passed, %d failed, %d skipped\n", p, f, i }' "$LOG"
