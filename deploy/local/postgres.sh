#!/usr/bin/env bash
# The local PostgreSQL server the platform and its tests use, for machines without Docker.
#   deploy/local/postgres.sh ensure [database...]   server answers on 127.0.0.1:$PGPORT, databases exist
#   deploy/local/postgres.sh status
# It uses the machine's own Debian cluster (pg_ctlcluster) and installs Debian's `postgresql`
# package when PostgreSQL is missing altogether. A server this script installs is configured for
# trust authentication on loopback only, like the machines the platform is developed on; a server
# that was already there is never reconfigured.
set -euo pipefail

PGHOST_LOCAL=127.0.0.1
PGPORT="${PGPORT:-5432}"
PGUSER_LOCAL="${PGUSER:-postgres}"
START_TIMEOUT="${POSTGRES_START_TIMEOUT:-60}"

log() { printf '[postgres] %s\n' "$*" >&2; }

ready() { pg_isready -q -h "$PGHOST_LOCAL" -p "$PGPORT" -t 2 >/dev/null 2>&1; }

psql_admin() {
  psql -X -v ON_ERROR_STOP=1 -h "$PGHOST_LOCAL" -p "$PGPORT" -U "$PGUSER_LOCAL" -d postgres -Atq "$@"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else
    log "needs root for: $*"; return 1
  fi
}

latest_version() {
  # The newest installed server version that has a cluster configured, else the newest installed.
  local v
  v="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1 || true)"
  if [ -z "$v" ]; then v="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n1 || true)"; fi
  printf '%s' "$v"
}

installed_here=0
install_server() {
  command -v apt-get >/dev/null 2>&1 || { log "PostgreSQL is not installed and apt-get is unavailable: install PostgreSQL 15+ by hand"; exit 1; }
  log "PostgreSQL is not installed: installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2
  as_root apt-get install -y -qq postgresql >&2
  installed_here=1
}

trust_loopback() {
  # Only for a server this script just installed: Debian's default is scram-sha-256 on TCP, while
  # the local stack and the tests connect as `postgres` without a password (dev.env DATABASE_URL_BASE).
  local version="$1" hba="/etc/postgresql/$1/main/pg_hba.conf"
  [ -f "$hba" ] || return 0
  grep -q 'credit-platform local development' "$hba" && return 0
  log "configuring trust authentication on loopback in $hba"
  local tmp; tmp="$(mktemp)"
  {
    echo '# credit-platform local development: trust on loopback only (added by deploy/local/postgres.sh)'
    echo 'local   all all                trust'
    echo 'host    all all 127.0.0.1/32   trust'
    echo 'host    all all ::1/128        trust'
    cat "$hba"
  } > "$tmp"
  as_root cp "$tmp" "$hba"
  rm -f "$tmp"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload >&2 || true
}

start_server() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(latest_version)" ]; then install_server; fi
  local version; version="$(latest_version)"
  [ -n "$version" ] || { log "no PostgreSQL version found after installation"; exit 1; }
  if [ ! -d "/etc/postgresql/$version/main" ]; then
    log "creating cluster $version/main"
    as_root pg_createcluster "$version" main >&2
  fi
  [ "$installed_here" -eq 1 ] && trust_loopback "$version"
  if ! ready; then
    log "starting cluster $version/main"
    # Debian's postinst may already have started it (or failed to, without systemd): start is
    # harmless when it is running, so only a real failure is reported.
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || ready || true
  fi
  local deadline=$((SECONDS + START_TIMEOUT))
  until ready; do
    if [ $SECONDS -ge $deadline ]; then
      log "PostgreSQL does not answer on $PGHOST_LOCAL:$PGPORT after ${START_TIMEOUT}s"
      local logfile="/var/log/postgresql/postgresql-$version-main.log"
      [ -f "$logfile" ] && tail -n 30 "$logfile" >&2
      exit 1
    fi
    sleep 0.5
  done
}

ensure_database() {
  local db="$1"
  [[ "$db" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { log "refusing database name '$db' (lower-case letters, digits and _ only)"; exit 1; }
  if [ -n "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then return 0; fi
  # Two callers may race to create it; losing that race is success.
  if psql_admin -c "CREATE DATABASE \"$db\"" 2>/dev/null; then log "created database $db"; return 0; fi
  [ -n "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ] || { log "could not create database $db"; exit 1; }
}

ensure() {
  ready || start_server
  if ! psql_admin -c 'SELECT 1' >/dev/null; then
    log "PostgreSQL answers on $PGHOST_LOCAL:$PGPORT but user $PGUSER_LOCAL cannot connect without a password"
    log "allow it for loopback in pg_hba.conf (host all all 127.0.0.1/32 trust) or set PGPASSWORD"
    exit 1
  fi
  local db
  for db in "$@"; do ensure_database "$db"; done
}

status() {
  if ready; then echo "running on $PGHOST_LOCAL:$PGPORT"; else echo "not answering on $PGHOST_LOCAL:$PGPORT"; return 1; fi
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  ensure) ensure "$@" ;;
  status) status ;;
  *) echo "usage: $0 ensure [database...] | status" >&2; exit 2 ;;
esac
