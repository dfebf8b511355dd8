#!/usr/bin/env bash
# The fault suite's own infrastructure: a Kafka broker and a PostgreSQL cluster of its own, so that
# killing and restarting them mid-flow never touches a running local platform or the other suites.
#   deploy/local/faults.sh run [jest args...]   start both, run the fault suite (tools/test/faults), stop both
#   deploy/local/faults.sh bench                the recovery benchmark (tools/src/bench/recovery.bench.ts) the same way
#   deploy/local/faults.sh kafka-kill|kafka-start|kafka-freeze|kafka-thaw|pg-restart|up|down
# The broker listens on 127.0.0.1:$FAULTS_KAFKA_PORT (default 19092), with its data under
# .local/faults; the cluster is Debian's `credit-faults` cluster on 127.0.0.1:$FAULTS_PG_PORT
# (default 5433, trust authentication), created on first use (pg_createcluster, as root).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
FAULTS_DIR="${CREDIT_FAULTS_DIR:-$REPO/.local/faults}"
KAFKA_PORT_F="${FAULTS_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT_F="${FAULTS_KAFKA_CONTROLLER_PORT:-19093}"
PG_PORT_F="${FAULTS_PG_PORT:-5433}"
PG_CLUSTER=credit-faults

log() { printf '[faults] %s\n' "$*" >&2; }

kafka() {
  KAFKA_PORT="$KAFKA_PORT_F" KAFKA_CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT_F" CREDIT_LOCAL_DIR="$FAULTS_DIR" bash "$HERE/kafka.sh" "$@"
}

pg_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n1; }

pg_up() {
  bash "$HERE/postgres.sh" ensure >/dev/null || return 1
  local v; v="$(pg_version)"
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $2}' | grep -qx "$PG_CLUSTER"; then
    log "creating PostgreSQL cluster $v/$PG_CLUSTER on port $PG_PORT_F"
    pg_createcluster "$v" "$PG_CLUSTER" -p "$PG_PORT_F" -- --auth=trust >/dev/null || return 1
  fi
  pg_ctlcluster --skip-systemctl-redirect "$v" "$PG_CLUSTER" start 2>/dev/null || true
  for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT_F" && return 0; sleep 0.5; done
  log "PostgreSQL cluster $PG_CLUSTER did not become ready"
  return 1
}

pg_down() { pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" "$PG_CLUSTER" stop -m fast 2>/dev/null || true; }

kafka_kill() {
  local pid_file="$FAULTS_DIR/kafka/kafka.pid"
  if [ -f "$pid_file" ]; then kill -KILL "$(cat "$pid_file")" 2>/dev/null || true; fi
  for _ in $(seq 1 40); do (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT_F") 2>/dev/null || return 0; sleep 0.25; done
}

# Runs a command with the broker and the cluster up and the harness pointed at them, then stops both.
with_infra() {
  kafka start && pg_up || { log "cannot start the fault suite's broker and cluster"; exit 1; }
  export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT_F"
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT_F/postgres"
  export FAULTS_SCRIPT="$HERE/faults.sh"
  (cd "$REPO" && "$@")
  local rc=$?
  kafka stop
  pg_down
  exit $rc
}

case "${1:-}" in
  up) kafka start && pg_up ;;
  down) kafka stop; pg_down ;;
  kafka-kill) kafka_kill ;;
  kafka-freeze) kill -STOP "$(cat "$FAULTS_DIR/kafka/kafka.pid")" ;;
  kafka-thaw) kill -CONT "$(cat "$FAULTS_DIR/kafka/kafka.pid")" ;;
  kafka-start) kafka start ;;
  pg-restart) pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" "$PG_CLUSTER" restart -m fast ;;
  run) shift; with_infra npx jest -c "$REPO/tools/jest.faults.config.js" --runInBand "$@" ;;
  bench) shift; with_infra node "$REPO/tools/dist/bench/recovery.bench.js" "$@" ;;
  *) echo "usage: $0 run|bench|up|down|kafka-kill|kafka-start|kafka-freeze|kafka-thaw|pg-restart" >&2; exit 2 ;;
esac
