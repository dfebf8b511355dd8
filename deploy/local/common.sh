# Shared by platform.sh and test-all.sh (sourced, not run). Expects REPO to be set.

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# npm writes node_modules/.package-lock.json on every install: missing, or older than the lock
# file, means the dependencies changed since the last install (or were never installed).
ensure_node_modules() {
  if [ ! -d "$REPO/node_modules" ] || [ ! -f "$REPO/node_modules/.package-lock.json" ] \
    || [ "$REPO/package-lock.json" -nt "$REPO/node_modules/.package-lock.json" ]; then
    printf '[deps] installing dependencies (npm install, versions pinned by package-lock.json)\n' >&2
    # Not `npm ci`: it insists that every optional platform binary a package lists (@swc/core's
    # darwin, win32, ... builds) is in the lock file, and registries that serve only some
    # platforms leave them out. `npm install` installs exactly the locked versions all the same.
    (cd "$REPO" && npm install --no-audit --no-fund >&2)
  fi
}

# Exports each KEY=value of a dev env file that the environment does not already set: the file
# gives defaults, a value the caller exported deliberately is kept.
load_dev_env() {
  local line key
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    key="${line%%=*}"
    [[ "$key" =~ ^[A-Z_][A-Z0-9_]*$ ]] || continue
    if [ -z "${!key+x}" ]; then export "$key=${line#*=}"; fi
  done < "$1"
}
