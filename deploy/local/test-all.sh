#!/usr/bin/env bash
# Everything CI checks, on a fresh clone of a machine without Docker (npm run test:all):
# dependencies, a real Kafka broker and PostgreSQL, the type-checked build, lint, every test suite
# (unit and integration, including the docker-compose.yml validation), then the fault suite on a
# broker and a PostgreSQL cluster of its own (deploy/local/faults.sh). Exits non-zero if any step
# fails, and still runs the later steps so that one run shows every problem. Kafka is left running
# only if it was running before. Extra arguments go to `nx run-many` (e.g. --projects=@credit/tools).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=deploy/local/common.sh
. "$HERE/common.sh"
cd "$REPO"

LOCAL_DIR="${CREDIT_LOCAL_DIR:-$REPO/.local}"
mkdir -p "$LOCAL_DIR/logs"
TEST_LOG="$LOCAL_DIR/logs/test-all.log"
KAFKA_PORT="${KAFKA_PORT:-9092}"
export NX_DAEMON=false NX_NO_CLOUD=true

declare -A outcome=()
order=()
step() { printf '\n===== %s =====\n' "$1" >&2; }
record() { order+=("$1"); outcome[$1]="$2"; }

kafka_started_here=0
cleanup() {
  if [ "$kafka_started_here" -eq 1 ]; then bash "$HERE/kafka.sh" stop || true; fi
}
trap cleanup EXIT

step "dependencies"
if ensure_node_modules; then record deps ok; else record deps FAILED; fi

step "Kafka and PostgreSQL"
port_open "$KAFKA_PORT" || kafka_started_here=1
if bash "$HERE/kafka.sh" start && bash "$HERE/postgres.sh" ensure; then record infra ok; else record infra FAILED; fi
# The suites use these servers (@credit/testing startTestInfra takes them from the environment).
export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"

step "docker-compose (validates docker-compose.yml in the tools suite)"
bash "$HERE/ensure-docker-compose.sh" || printf '[test-all] docker-compose unavailable: the compose validation suite will fail\n' >&2

step "build (tsc -b, type-checks every package)"
if npm run -s build; then record build ok; else record build FAILED; fi

step "lint"
if npm run -s lint; then record lint ok; else record lint FAILED; fi

step "tests"
if [ "${outcome[infra]}" = ok ]; then
  npx nx run-many -t test --parallel=1 --outputStyle=stream "$@" 2>&1 | tee "$TEST_LOG"
  if [ "${PIPESTATUS[0]}" -eq 0 ]; then record tests ok; else record tests FAILED; fi
else
  : > "$TEST_LOG"
  record tests "NOT RUN (no Kafka/PostgreSQL)"
fi

step "fault suite (its own broker and PostgreSQL cluster, killed and restarted mid-flow)"
if [ "${outcome[build]}" = ok ] && [ $# -eq 0 ]; then
  bash "$HERE/faults.sh" run 2>&1 | tee -a "$TEST_LOG"
  if [ "${PIPESTATUS[0]}" -eq 0 ]; then record faults ok; else record faults FAILED; fi
elif [ $# -gt 0 ]; then
  printf '[test-all] fault suite skipped: a subset of projects was asked for (%s)\n' "$*" >&2
else
  record faults "NOT RUN (build failed)"
fi

# Jest prints one "Tests: 1 failed, 2 skipped, 40 passed, 43 total" line per project: add them up.
totals="$(sed -e 's/\x1b\[[0-9;]*m//g' "$TEST_LOG" | grep -E 'Tests:[[:space:]]+[0-9]' | awk '
  { for (i = 1; i <= NF; i++) { w = $(i + 1); gsub(/,/, "", w);
      if (w == "passed") p += $i; else if (w == "failed") f += $i; else if (w == "skipped") s += $i; else if (w == "todo") t += $i } }
  END { printf "%d %d %d", p, f, s + t }')"
read -r passed failed skipped <<< "$totals"

status=0
parts=()
for name in "${order[@]}"; do
  parts+=("$name ${outcome[$name]}")
  [ "${outcome[$name]}" = ok ] || status=1
done
printf '\n===== summary =====\n'
summary="$(printf '%s, ' "${parts[@]}")"
printf 'test-all: %s (test log: %s)\n' "${summary%, }" "$TEST_LOG"
printf 'Tests: %d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
exit $status
