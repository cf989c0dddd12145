# Shared by the infra scripts: the Python tools in a venv, and the emulator.
# Everything is installed from the registries here, so a fresh machine needs
# nothing by hand.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STATE="$ROOT/.local"
mkdir -p "$STATE"

# Fixed test credentials: the emulator accepts any, real AWS is never reached.
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=ap-northeast-1 AWS_REGION=ap-northeast-1
export AWS_EC2_METADATA_DISABLED=true

# python_tools DIR REQUIREMENTS COMMAND WHAT — a venv in DIR with the pinned
# REQUIREMENTS, made anew when missing (no DIR/bin/COMMAND) or when the
# requirements file changed.
python_tools() {
  local dir="$1" reqs="$ROOT/infra/$2" stamp="$1/.requirements.sha" want
  want="$(sha256sum "$reqs" | cut -d' ' -f1)"
  if [ ! -x "$dir/bin/$3" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "==> Python tools: creating $dir ($4)"
    python3 -m venv "$dir"
    "$dir/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
    "$dir/bin/pip" install --quiet --disable-pip-version-check -r "$reqs"
    echo "$want" > "$stamp"
  fi
}

ensure_venv() { python_tools "$VENV" requirements.txt python "moto, aws-sam-cli, cfn-lint"; }

# The contract fuzzer (schemathesis) in a venv of its own: its dependencies
# (hypothesis, jsonschema) must not move the emulator's.
FUZZ_VENV="$ROOT/.venv-fuzz"
ensure_fuzz_venv() { python_tools "$FUZZ_VENV" requirements-fuzz.txt st schemathesis; }

free_port() {
  "$VENV/bin/python" - <<'PY'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# start_moto PORT LOG — one moto server on 127.0.0.1:PORT (one request at a
# time, as infra/emulator.py explains); prints its PID.
start_moto() {
  "$VENV/bin/python" "$ROOT/infra/emulator.py" "$1" > "$2" 2>&1 &
  local pid=$!
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$1/moto-api/" > /dev/null 2>&1; then echo "$pid"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "the emulator on port $1 did not start; see $2" >&2
  return 1
}

# start_emulator DATA_PORT MAIL_PORT — the AWS emulator: DynamoDB and S3 on
# one moto server, SES on another (reading sent mail back dumps an
# emulator's whole state, so mail gets one of its own). Sets EMULATOR_PIDS,
# VSYS_ENDPOINT and VSYS_MAIL_ENDPOINT.
start_emulator() {
  local data_pid mail_pid
  data_pid=$(start_moto "$1" "$STATE/emulator-data.log") || return 1
  mail_pid=$(start_moto "$2" "$STATE/emulator-mail.log") || { kill "$data_pid"; return 1; }
  EMULATOR_PIDS="$data_pid $mail_pid"
  export VSYS_ENDPOINT="http://127.0.0.1:$1" VSYS_MAIL_ENDPOINT="http://127.0.0.1:$2"
}

stop_emulator() {
  local pid
  for pid in ${EMULATOR_PIDS:-}; do kill "$pid" 2>/dev/null || true; done
  for pid in ${EMULATOR_PIDS:-}; do wait "$pid" 2>/dev/null || true; done
}
export SAM_CLI_TELEMETRY=0

# Debian's Chromium for the browser tests (no browser download is possible:
# the tests drive this one through playwright-core), with Japanese fonts.
ensure_chromium() {
  if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "noto sans cjk"; then return 0; fi
  echo "==> Chromium and Japanese fonts (apt-get)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk > /dev/null
}

# The browser app's packages (npm ci from the committed lock, again only
# when the lock changed), then its build: the API types from
# infra/openapi.yaml, the type check, and the bundle in web/dist.
build_web() {
  local stamp="$ROOT/web/node_modules/.lock.sha" want
  want="$(sha256sum "$ROOT/web/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "==> web: npm ci"
    (cd "$ROOT/web" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
  echo "==> web: build (types from infra/openapi.yaml, type check, bundle)"
  (cd "$ROOT/web" && npm run --silent build)
}

# start_gateway BIN PORT — the local gateway on the running emulator, with
# its table, bucket and master data; sets GATEWAY_PID.
start_gateway() {
  local bin="$1" port="$2" log="$STATE/gateway-$2.log"
  "$bin" setup > "$STATE/setup-$port.log" 2>&1
  "$bin" serve --port "$port" > "$log" 2>&1 &
  GATEWAY_PID=$!
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$port/_local/clock" > /dev/null 2>&1; then return 0; fi
    if ! kill -0 "$GATEWAY_PID" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "the gateway on port $port did not start; see $log" >&2
  return 1
}
