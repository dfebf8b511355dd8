#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft) from Maven Central jars, for machines without Docker.
#   deploy/local/kafka.sh fetch|start|stop|status
# Jars are cached in $CREDIT_CACHE_DIR (default ~/.cache/credit-platform), outside git, and reused.
# Broker data and logs live under $CREDIT_LOCAL_DIR (default <repo>/.local), which git ignores.
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE_DIR="${CREDIT_CACHE_DIR:-$HOME/.cache/credit-platform}"
LIB_DIR="$CACHE_DIR/kafka-$KAFKA_VERSION/lib"
LOCAL_DIR="${CREDIT_LOCAL_DIR:-$REPO/.local}"
KAFKA_DIR="$LOCAL_DIR/kafka"
DATA_DIR="$KAFKA_DIR/data"
PID_FILE="$KAFKA_DIR/kafka.pid"
LOG_FILE="$LOCAL_DIR/logs/kafka.log"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"

log() { printf '[kafka] %s\n' "$*" >&2; }

fetch() {
  if [ -f "$LIB_DIR/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required to fetch the broker"; exit 1; }
  command -v java >/dev/null || { log "Java 17+ is required to run the broker"; exit 1; }
  log "fetching Apache Kafka $KAFKA_VERSION from Maven Central into $LIB_DIR"
  mkdir -p "$LIB_DIR"
  mvn -q -B -f "$HERE/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
    -DincludeScope=runtime -Dmdep.prependGroupId=true -DoutputDirectory="$LIB_DIR" >&2
  ls "$LIB_DIR"/org.apache.kafka.kafka_2.13-*.jar >/dev/null
  touch "$LIB_DIR/.complete"
}

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid: it must still be our broker.
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka.Kafka' || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_config() {
  mkdir -p "$DATA_DIR" "$(dirname "$LOG_FILE")"
  cat > "$KAFKA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA_DIR
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
log.retention.hours=-1
log.retention.bytes=-1
PROPS
}

start() {
  if pid="$(running_pid)"; then log "already running (pid $pid) on 127.0.0.1:$PORT"; return 0; fi
  if port_open "$PORT"; then
    log "127.0.0.1:$PORT is already served by another process; using it as the broker"
    return 0
  fi
  fetch
  write_config
  local cp="$LIB_DIR/*"
  if [ ! -f "$DATA_DIR/meta.properties" ]; then
    local cluster_id
    cluster_id="$(java -Xmx256m -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
    java -Xmx256m -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$KAFKA_DIR/server.properties" --ignore-formatted >>"$LOG_FILE" 2>&1
  fi
  log "starting broker on 127.0.0.1:$PORT (log: $LOG_FILE)"
  nohup java -Xms256m -Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$HERE/kafka/log4j.properties" \
    -cp "$cp" kafka.Kafka "$KAFKA_DIR/server.properties" >>"$LOG_FILE" 2>&1 &
  echo $! > "$PID_FILE"
  local pid; pid="$(cat "$PID_FILE")"
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  until port_open "$PORT"; do
    kill -0 "$pid" 2>/dev/null || { log "broker exited during start-up; last lines of $LOG_FILE:"; tail -n 30 "$LOG_FILE" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { log "broker not ready after ${KAFKA_START_TIMEOUT:-90}s"; tail -n 30 "$LOG_FILE" >&2; exit 1; }
    sleep 0.5
  done
  log "ready (pid $pid)"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then log "not running"; rm -f "$PID_FILE"; return 0; fi
  log "stopping broker (pid $pid, controlled shutdown)"
  kill -TERM "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "still running after 60s; killing"; kill -KILL "$pid"; fi
  rm -f "$PID_FILE"
}

status() {
  if pid="$(running_pid)"; then echo "running (pid $pid) on 127.0.0.1:$PORT"; else echo "stopped"; return 1; fi
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
