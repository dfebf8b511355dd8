#!/usr/bin/env bash
# Makes the three base images the Docker path needs available on a machine that may reach no public
# image registry, and records which ones to use in <repo>/.env (read by docker-compose, by
# deploy/docker/test-docker.sh and by the test harness's testcontainers branch; git ignores it):
#   NODE_IMAGE      node:20-bookworm-slim  or the stand-in credit-local/node:20-bookworm
#   KAFKA_IMAGE     apache/kafka:3.9.1     or the stand-in credit-local/kafka:3.9.1
#   POSTGRES_IMAGE  postgres:16            or the stand-in credit-local/postgres:15-bookworm
# A public image is used when it is already present or can be pulled; otherwise its stand-in is
# built from Debian alone: `debootstrap --variant=minbase bookworm` from the Debian mirror, imported
# with `docker import` as credit-local/debian:bookworm, then the Dockerfiles of
# deploy/docker/stand-ins/ (Node.js and npm of this machine, trusting the certificate authorities it
# adds locally; Debian's OpenJDK 17 with the Kafka jars
# deploy/local/kafka.sh fetches from Maven Central; Debian's PostgreSQL 15). Built once, then reused.
#
#   deploy/docker/local-images.sh [--rebuild] [--stand-ins]
#     --rebuild    build the stand-ins again even if they exist
#     --stand-ins  use the stand-ins even where a public image could be pulled
#
# The Docker engine: a running one is used as it is and never reconfigured, restarted or stopped.
# When none answers, this script installs Debian's docker.io and docker-compose (only as root or with
# passwordless sudo, and not when CREDIT_DOCKER_INSTALL=0) and starts dockerd in the background
# (log: .local/logs/dockerd.log); it says so when it does.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE_DIR="${CREDIT_CACHE_DIR:-$HOME/.cache/credit-platform}"
LOCAL_DIR="${CREDIT_LOCAL_DIR:-$REPO/.local}"
ENV_FILE="${CREDIT_IMAGES_ENV_FILE:-$REPO/.env}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
BASE_IMAGE=credit-local/debian:bookworm
KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"

REBUILD=0
STAND_INS=0
for arg in "$@"; do
  case "$arg" in
    --rebuild) REBUILD=1 ;;
    --stand-ins) STAND_INS=1 ;;
    *) echo "usage: $0 [--rebuild] [--stand-ins]" >&2; exit 2 ;;
  esac
done

log() { printf '[local-images] %s\n' "$*" >&2; }

SUDO=""
may_install() {
  [ "${CREDIT_DOCKER_INSTALL:-1}" != 0 ] || return 1
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; return 0; fi
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; return 0; fi
  return 1
}

apt_install() {
  log "installing Debian packages: $*"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_engine() {
  if docker info >/dev/null 2>&1; then
    log "using the running Docker engine ($(docker info --format '{{.ServerVersion}}'))"
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
    may_install || { log "no Docker engine answers and installing one is not allowed here: install docker.io (or Docker Engine) and start it"; exit 1; }
    apt_install docker.io
  fi
  if [ -S /var/run/docker.sock ] && pgrep -x dockerd >/dev/null 2>&1; then
    log "dockerd runs but does not answer (permissions?): fix access to /var/run/docker.sock"
    exit 1
  fi
  may_install || { log "no Docker engine runs and starting dockerd needs root: start it (systemctl start docker)"; exit 1; }
  mkdir -p "$LOCAL_DIR/logs"
  log "starting dockerd in the background (log: $LOCAL_DIR/logs/dockerd.log); it keeps running after this script"
  $SUDO sh -c "nohup dockerd >>'$LOCAL_DIR/logs/dockerd.log' 2>&1 &"
  for _ in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then log "dockerd is up"; return 0; fi
    sleep 1
  done
  log "dockerd did not answer within 60 s; see $LOCAL_DIR/logs/dockerd.log"
  exit 1
}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# Present, or pulled within a minute (a machine without a registry fails at once on the name lookup).
public_available() {
  have_image "$1" && return 0
  log "pulling $1"
  timeout 120 docker pull -q "$1" >/dev/null 2>&1
}

# Stand-ins are built in subshells: a file, not a variable, says the base was built in this run.
BASE_BUILT="$(mktemp -u)"
trap 'rm -f "$BASE_BUILT"' EXIT
build_base() {
  if have_image "$BASE_IMAGE" && { [ "$REBUILD" = 0 ] || [ -e "$BASE_BUILT" ]; }; then return 0; fi
  command -v debootstrap >/dev/null 2>&1 || { may_install && apt_install debootstrap; } || { log "debootstrap is needed to build the Debian base image"; exit 1; }
  local rootfs; rootfs="$(mktemp -d "${TMPDIR:-/var/tmp}/credit-rootfs.XXXXXX")"
  log "building $BASE_IMAGE: debootstrap --variant=minbase bookworm from $DEBIAN_MIRROR (about a minute)"
  $SUDO debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" >"$rootfs.log" 2>&1 || { log "debootstrap failed; see $rootfs.log"; exit 1; }
  $SUDO tar -C "$rootfs" -c . | docker import --change 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
  $SUDO rm -rf "$rootfs" "$rootfs.log"
  touch "$BASE_BUILT"
}

build_stand_in() { # tag context [build args...]
  local tag="$1" context="$2"; shift 2
  log "building $tag"
  docker build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" "$@" -t "$tag" "$context" >/dev/null
}

node_stand_in() {
  local tag=credit-local/node:20-bookworm
  if have_image "$tag" && [ "$REBUILD" = 0 ]; then echo "$tag"; return; fi
  build_base
  local node_bin npm_dir context
  node_bin="$(readlink -f "$(command -v node)")"
  npm_dir="$(npm root -g)/npm"
  [ "$("$node_bin" -p 'process.versions.node.split(".")[0]')" = 20 ] || { log "the stand-in takes this machine's Node.js, which must be 20 ($("$node_bin" --version))"; exit 1; }
  context="$(mktemp -d)"
  mkdir -p "$context/bin" "$context/lib" "$context/ca"
  cp "$node_bin" "$context/bin/node"
  find /usr/local/share/ca-certificates -name '*.crt' -exec cp {} "$context/ca/" \; 2>/dev/null || true
  touch "$context/ca/.keep"
  cp -r "$npm_dir" "$context/lib/npm"
  cp "$HERE/stand-ins/node/Dockerfile" "$context/"
  build_stand_in "$tag" "$context"
  rm -rf "$context"
  echo "$tag"
}

kafka_stand_in() {
  local tag="credit-local/kafka:$KAFKA_VERSION"
  if have_image "$tag" && [ "$REBUILD" = 0 ]; then echo "$tag"; return; fi
  build_base
  bash "$REPO/deploy/local/kafka.sh" fetch
  local context; context="$(mktemp -d)"
  mkdir -p "$context/libs"
  cp "$CACHE_DIR/kafka-$KAFKA_VERSION/lib/"*.jar "$context/libs/"
  cp "$REPO/deploy/local/kafka/log4j.properties" "$context/"
  cp "$HERE/stand-ins/kafka/Dockerfile" "$HERE/stand-ins/kafka/run" "$context/"
  build_stand_in "$tag" "$context"
  rm -rf "$context"
  echo "$tag"
}

postgres_stand_in() {
  local tag=credit-local/postgres:15-bookworm
  if have_image "$tag" && [ "$REBUILD" = 0 ]; then echo "$tag"; return; fi
  build_base
  build_stand_in "$tag" "$HERE/stand-ins/postgres"
  echo "$tag"
}

# choose VAR public-image stand-in-function
choose() {
  local var="$1" public="$2" stand_in="$3" chosen
  if [ "$STAND_INS" = 0 ] && public_available "$public"; then
    chosen="$public"
  else
    [ "$STAND_INS" = 1 ] || { log "$public cannot be pulled here: using a stand-in built from Debian"; NO_REGISTRY=1; }
    chosen="$("$stand_in")"
  fi
  log "$var=$chosen"
  record "$var" "$chosen"
}

record() {
  touch "$ENV_FILE"
  if grep -q "^$1=" "$ENV_FILE"; then
    sed -i "s|^$1=.*|$1=$2|" "$ENV_FILE"
  else
    printf '%s=%s\n' "$1" "$2" >>"$ENV_FILE"
  fi
}

NO_REGISTRY=0
ensure_engine
bash "$REPO/deploy/local/ensure-docker-compose.sh"
choose NODE_IMAGE node:20-bookworm-slim node_stand_in
choose KAFKA_IMAGE "apache/kafka:$KAFKA_VERSION" kafka_stand_in
choose POSTGRES_IMAGE postgres:16 postgres_stand_in
# Testcontainers starts a reaper container (testcontainers/ryuk) unless told not to; without a
# registry its image cannot be pulled, and the suites stop their own containers anyway.
if [ "$NO_REGISTRY" = 1 ]; then record TESTCONTAINERS_RYUK_DISABLED true; fi
log "images recorded in $ENV_FILE"
