#!/usr/bin/env bash
# The whole local platform without Docker: Kafka, PostgreSQL, the sandbox national platform and
# every service that exists.
#   deploy/local/platform.sh up [--skip-build] [--no-catalog]
#                                                install if needed, start everything, wait until healthy,
#                                                then load the starter catalog (tools/catalog) into joint-punishment
#   deploy/local/platform.sh down                stop exactly what `up` started
#   deploy/local/platform.sh status              each process and its health
#   deploy/local/platform.sh logs <service>      follow a service's log
# Services run from compiled output (node services/<name>/dist/main.js) in the background with the
# values of deploy/local/dev.env (variables already set in the environment win), PORT from
# deploy/local/services.txt and DATABASE_URL=$DATABASE_URL_BASE/credit_<name>.
# Pid files live in $CREDIT_LOCAL_DIR/run, logs in $CREDIT_LOCAL_DIR/logs (default <repo>/.local).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
LOCAL_DIR="${CREDIT_LOCAL_DIR:-$REPO/.local}"
RUN_DIR="$LOCAL_DIR/run"
LOG_DIR="$LOCAL_DIR/logs"
SERVICES_FILE="$HERE/services.txt"
DEV_ENV="$HERE/dev.env"
KAFKA_MARKER="$RUN_DIR/kafka.started-by-platform"
HEALTH_TIMEOUT="${SERVICE_HEALTH_TIMEOUT:-120}"
STOP_TIMEOUT="${SERVICE_STOP_TIMEOUT:-20}"
KAFKA_PORT="${KAFKA_PORT:-9092}"

log() { printf '[platform] %s\n' "$*" >&2; }
# shellcheck source=deploy/local/common.sh
. "$HERE/common.sh"

# name port, for every service of the contract (comments and blank lines skipped).
all_services() { grep -Ev '^[[:space:]]*(#|$)' "$SERVICES_FILE"; }
service_exists() { [ -f "$REPO/services/$1/package.json" ]; }
# The stand-in for the national platforms (信用中国, 国家企业信用信息公示系统): national-connector
# delivers to it at NATIONAL_PLATFORM_URL; it records what it receives.
SANDBOX=sandbox-national-platform
entry_of() { if [ "$1" = "$SANDBOX" ]; then echo "tools/dist/$SANDBOX.js"; else echo "services/$1/dist/main.js"; fi; }
sandbox_port() { local url="${NATIONAL_PLATFORM_URL:-http://127.0.0.1:3099}"; url="${url##*:}"; echo "${url%%/*}"; }
db_of() { echo "credit_${1//-/_}"; }
pid_file_of() { echo "$RUN_DIR/$1.pid"; }

running_pid() {
  local name="$1" file pid
  file="$(pid_file_of "$name")"
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # A recycled pid belongs to someone else: it must still be this service's node process.
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$(entry_of "$name")" || return 1
  echo "$pid"
}

health_ok() {
  local url="http://127.0.0.1:$1/health"
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null
  else
    node -e "fetch(process.argv[1],{signal:AbortSignal.timeout(3000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))" "$url"
  fi
}

start_service() {
  local name="$1" port="$2" entry logfile pid
  entry="$(entry_of "$name")"
  logfile="$LOG_DIR/$name.log"
  printf '\n===== %s starting %s on port %s =====\n' "$(date -Iseconds)" "$name" "$port" >> "$logfile"
  (
    cd "$REPO"
    export PORT="$port" DATABASE_URL="$DATABASE_URL_BASE/$(db_of "$name")"
    if [ "$name" = "$SANDBOX" ]; then export SANDBOX_PORT="$port" SANDBOX_RECORD_FILE="$LOG_DIR/$SANDBOX.received.jsonl"; fi
    if [ "$name" = "double-publicity" ]; then
      # Where double-publicity hands natural persons' clear ID numbers to the vault (it signs its own
      # short-lived service tokens for SERVICE_UNIT_CODE, dev.env).
      export SUBJECT_REGISTRY_URL="${SUBJECT_REGISTRY_URL:-http://127.0.0.1:3001}"
    fi
    # setsid: the service outlives this shell and the terminal that ran `up`.
    exec setsid nohup node "$entry" >>"$logfile" 2>&1 </dev/null
  ) &
  pid=$!
  echo "$pid" > "$(pid_file_of "$name")"
  log "started $name (pid $pid, port $port, log $logfile)"
}

wait_healthy() {
  local name="$1" port="$2" pid="$3" deadline=$((SECONDS + HEALTH_TIMEOUT))
  until health_ok "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited during start-up; last lines of $LOG_DIR/$name.log:"
      tail -n 40 "$LOG_DIR/$name.log" >&2 || true
      rm -f "$(pid_file_of "$name")"
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      log "$name did not answer GET /health with 200 within ${HEALTH_TIMEOUT}s; last lines of $LOG_DIR/$name.log:"
      tail -n 40 "$LOG_DIR/$name.log" >&2 || true
      return 1
    fi
    sleep 1
  done
}

up() {
  local build=1 catalog=1 arg
  for arg in "$@"; do
    case "$arg" in
      --skip-build) build=0 ;;
      --no-catalog) catalog=0 ;;
      *) log "unknown option $arg"; exit 2 ;;
    esac
  done
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  load_dev_env "$DEV_ENV"
  ensure_node_modules

  if ! port_open "$KAFKA_PORT"; then
    bash "$HERE/kafka.sh" start
    touch "$KAFKA_MARKER"
  else
    log "Kafka already answers on 127.0.0.1:$KAFKA_PORT"
  fi

  local present=() name port
  while read -r name port; do
    if service_exists "$name"; then present+=("$name:$port"); fi
  done < <(all_services)
  local dbs=() entry
  for entry in "${present[@]+"${present[@]}"}"; do dbs+=("$(db_of "${entry%%:*}")"); done
  bash "$HERE/postgres.sh" ensure "${dbs[@]+"${dbs[@]}"}"

  if [ "$build" -eq 1 ]; then
    log "building (npm run build)"
    (cd "$REPO" && npm run -s build >&2) || { log "build failed: nothing started"; exit 1; }
  fi

  local started=() skipped=() failed=() pid
  # The sandbox first: national-connector starts delivering as soon as it is up.
  for entry in "$SANDBOX:$(sandbox_port)" "${present[@]+"${present[@]}"}"; do
    name="${entry%%:*}"; port="${entry##*:}"
    if pid="$(running_pid "$name")"; then
      log "$name already running (pid $pid)"
    elif [ ! -f "$REPO/$(entry_of "$name")" ]; then
      skipped+=("$name (no $(entry_of "$name"): not built)")
      continue
    elif port_open "$port"; then
      log "port $port is taken by another process: $name not started"
      failed+=("$name")
      continue
    else
      start_service "$name" "$port"
      pid="$(cat "$(pid_file_of "$name")")"
    fi
    if wait_healthy "$name" "$port" "$pid"; then started+=("$name:$port"); else failed+=("$name"); fi
  done

  echo
  echo "Kafka:      127.0.0.1:$KAFKA_PORT"
  echo "PostgreSQL: ${DATABASE_URL_BASE} (databases credit_<service>)"
  if [ ${#started[@]} -eq 0 ]; then
    echo "Services:   none running"
  else
    echo "Services:"
    for entry in "${started[@]}"; do
      name="${entry%%:*}"; port="${entry##*:}"
      if [ "$name" = "$SANDBOX" ]; then printf '  %-20s http://127.0.0.1:%s  (records what it receives: GET /_received)\n' "$name" "$port"; else printf '  %-20s http://127.0.0.1:%s  (API docs http://127.0.0.1:%s/api/docs)\n' "$name" "$port" "$port"; fi
    done
  fi
  for entry in "${skipped[@]+"${skipped[@]}"}"; do echo "  not started: $entry"; done
  local missing=0
  while read -r name port; do service_exists "$name" || missing=$((missing + 1)); done < <(all_services)
  [ "$missing" -gt 0 ] && echo "  ($missing service(s) of deploy/local/services.txt not in this checkout)"
  echo "Logs in $LOG_DIR. Stop with: npm run local:down"
  if [ ${#failed[@]} -gt 0 ]; then
    log "not healthy: ${failed[*]}"
    exit 1
  fi
  if [ "$catalog" -eq 1 ]; then load_starter_catalog "${started[@]+"${started[@]}"}"; fi
}

# The starter catalog (tools/catalog: linkage units, list categories, measures) through
# joint-punishment's admin endpoints, once every service is healthy. --keep-edited: entries a credit
# office changed since are left as they are (npm run catalog:load applies the files to them too).
load_starter_catalog() {
  local entry port="" loader="$REPO/tools/dist/catalog/load-catalog.js"
  for entry in "$@"; do
    if [ "${entry%%:*}" = joint-punishment ]; then port="${entry##*:}"; fi
  done
  if [ -z "$port" ]; then
    log "joint-punishment is not running: starter catalog not loaded"
    return 0
  fi
  if [ ! -f "$loader" ]; then
    log "starter catalog NOT loaded: $loader is not built (npm run build)"
    exit 1
  fi
  log "loading the starter catalog into joint-punishment (tools/catalog)"
  if ! (cd "$REPO" && node "$loader" --keep-edited --url "http://127.0.0.1:$port"); then
    log "starter catalog NOT loaded (see the messages above): the platform is running, but its catalogs are incomplete."
    log "fix the cause, then run: npm run catalog:load   (or start with: npm run local:up -- --no-catalog)"
    exit 1
  fi
}

stop_pid() {
  local name="$1" pid="$2"
  kill -TERM "$pid" 2>/dev/null || return 0
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      log "$name still running after ${STOP_TIMEOUT}s: killing"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
}

down() {
  local file name pid stopped=0
  for file in "$RUN_DIR"/*.pid; do
    [ -e "$file" ] || continue
    name="$(basename "$file" .pid)"
    if pid="$(running_pid "$name")"; then
      log "stopping $name (pid $pid)"
      stop_pid "$name" "$pid"
      stopped=$((stopped + 1))
    fi
    rm -f "$file"
  done
  log "stopped $stopped service process(es)"
  if [ -f "$KAFKA_MARKER" ]; then
    bash "$HERE/kafka.sh" stop
    rm -f "$KAFKA_MARKER"
  elif port_open "$KAFKA_PORT"; then
    log "Kafka was already running before 'up': left running (stop it with: bash deploy/local/kafka.sh stop)"
  fi
  log "PostgreSQL is the machine's own server: left running"
}

status() {
  local name port pid state health rc=0
  printf '%-20s %-6s %-8s %-28s %s\n' SERVICE PORT PID STATE HEALTH
  while read -r name port; do
    pid="-"; health="-"
    if ! service_exists "$name"; then
      state="not in this checkout"
    elif pid="$(running_pid "$name")"; then
      state="running"
      if health_ok "$port"; then health="200 OK"; else health="NOT HEALTHY"; rc=1; fi
    else
      pid="-"
      if [ -f "$(pid_file_of "$name")" ]; then state="exited (see log)"; rc=1
      elif [ -f "$REPO/$(entry_of "$name")" ]; then state="stopped"
      else state="not built"; fi
    fi
    printf '%-20s %-6s %-8s %-28s %s\n' "$name" "$port" "$pid" "$state" "$health"
  done < <(all_services)
  local sandbox_state="stopped" sandbox_health="-"
  if pid="$(running_pid "$SANDBOX")"; then
    sandbox_state="running"
    if health_ok "$(sandbox_port)"; then sandbox_health="200 OK"; else sandbox_health="NOT HEALTHY"; rc=1; fi
  fi
  printf '%-20s %-6s %-8s %-28s %s\n' "$SANDBOX" "$(sandbox_port)" "${pid:--}" "$sandbox_state" "$sandbox_health"
  local kafka
  if kafka="$(bash "$HERE/kafka.sh" status 2>/dev/null)"; then :
  elif port_open "$KAFKA_PORT"; then kafka="answering on 127.0.0.1:$KAFKA_PORT (started outside deploy/local/kafka.sh)"
  else kafka="stopped"; fi
  printf 'kafka:      %s\n' "$kafka"
  printf 'postgresql: %s\n' "$(bash "$HERE/postgres.sh" status 2>/dev/null || echo "not answering")"
  return $rc
}

logs() {
  local name="${1:-}"
  [ -n "$name" ] || { echo "usage: $0 logs <service>" >&2; exit 2; }
  [ -f "$LOG_DIR/$name.log" ] || { log "no log for $name in $LOG_DIR"; exit 1; }
  tail -n 100 -F "$LOG_DIR/$name.log"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  up) up "$@" ;;
  down) down ;;
  status) status ;;
  logs) logs "$@" ;;
  *) echo "usage: $0 up [--skip-build] [--no-catalog] | down | status | logs <service>" >&2; exit 2 ;;
esac
