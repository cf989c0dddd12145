#!/usr/bin/env bash
# Runs every check: the template (cfn-lint, sam validate), then all Rust tests
# (unit tests and end-to-end tests through the gateway against the emulator,
# every answer held to infra/openapi.yaml), contract fuzzing with
# schemathesis, and the permissions check of the AWS calls made.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_venv
ensure_fuzz_venv

echo "==> template.yaml: cfn-lint (warnings fail too)"
"$VENV/bin/cfn-lint" template.yaml
echo "==> template.yaml: sam validate (runs the SAM transform, offline)"
"$VENV/bin/sam" validate --template template.yaml --region ap-northeast-1 --lint

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
echo "==> contract fuzzing: schemathesis over every operation of infra/openapi.yaml"
VSYS_SCHEMATHESIS="$FUZZ_VENV/bin/st" cargo test --locked -p vsys-e2e --test fuzz -- --ignored 2>&1 | tee -a "$LOG"
echo "==> permissions: the calls observed against the template's grants"
cargo test --locked -p vsys-e2e --test grants -- --ignored 2>&1 | tee -a "$LOG"
# One closing line for the whole run (cargo prints one per test binary).
awk '/^test result:/ { p += $4; f += $6; i += $8 } END { printf "\ntests: %d passed, %d failed, %d skipped\n", p, f, i }' "$LOG"
