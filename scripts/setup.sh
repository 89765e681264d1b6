#!/usr/bin/env bash
# Brings a machine to the point where cflink builds and runs: npm dependencies, PostgreSQL and
# Redis (installed from Debian packages when absent, started on loopback), the databases
# named as arguments (created and migrated), the generated Prisma client and the build.
# Idempotent; called by scripts/run.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

# Runs a command quietly, showing its output only when it fails.
quiet() {
  local out
  if ! out=$("$@" 2>&1); then
    printf '%s\n' "$out" >&2
    return 1
  fi
}

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  log "Node.js 20 or newer is required"; exit 1
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies"
  # `npm ci` installs exactly the committed lock and never rewrites it (`npm install` would: it
  # re-resolves and may write another npm's view of the tree back into package-lock.json).
  npm ci --no-audit --no-fund --loglevel=error
fi

scripts/services.sh "$@"

export CFLINK_DATABASE_URL="${CFLINK_DATABASE_URL:-postgresql://cflink:cflink@127.0.0.1:5432/cflink}"
log "generating the Prisma client"
quiet npx --no-install prisma generate

base="${CFLINK_DATABASE_URL%/*}"
for db in "$@"; do
  log "migrating database $db"
  CFLINK_DATABASE_URL="$base/$db" quiet npx --no-install prisma migrate deploy
done

log "building"
# nest build with no project compiles the whole workspace (nest-cli.json: every app and library,
# their unit tests, test/ and bench/) in one TypeScript program into dist/.
npx --no-install nest build
