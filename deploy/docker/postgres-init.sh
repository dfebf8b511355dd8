#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data directory
# (/docker-entrypoint-initdb.d): one database per service, credit_<name with underscores>, from
# the same deploy/local/services.txt the local scripts read.
set -euo pipefail

SERVICES_FILE="${CREDIT_SERVICES_FILE:-/credit/services.txt}"
grep -Ev '^[[:space:]]*(#|$)' "$SERVICES_FILE" | while read -r name _port; do
  db="credit_${name//-/_}"
  echo "creating database $db"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -c "CREATE DATABASE \"$db\""
done
