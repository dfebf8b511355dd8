#!/usr/bin/env bash
# Makes sure a `docker-compose` binary that can validate docker-compose.yml is on PATH.
# No Docker engine is needed for that: `docker-compose config` only parses and checks the file.
# On Debian-like machines without it, installs Debian's `docker-compose` package (1.29), the
# oldest compose implementation the file has to stay compatible with.
set -euo pipefail

log() { printf '[docker-compose] %s\n' "$*" >&2; }

if command -v docker-compose >/dev/null 2>&1; then exit 0; fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "docker-compose is missing and apt-get is not available: install docker-compose (1.29+) by hand"
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    log "docker-compose is missing and installing it needs root: run 'apt-get install -y docker-compose' as root"
    exit 1
  fi
fi

log "installing Debian's docker-compose package"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends docker-compose >&2
command -v docker-compose >/dev/null 2>&1 || { log "docker-compose still not on PATH after installation"; exit 1; }
log "installed: $(docker-compose version --short 2>/dev/null || echo unknown)"
