#!/usr/bin/env bash
# Quick start: installs what is missing, starts the local stack (PostgreSQL, Redis, Kafka,
# Flink), then the scheduler and one engine worker in the background and the cflink API on
# http://127.0.0.1:8080 (override with CFLINK_HOST/CFLINK_PORT) in the foreground.
# Ctrl-C stops the API, the scheduler and the worker; the services keep running for the next
# start (infra/engine.sh stop stops Kafka and Flink).
set -euo pipefail
cd "$(dirname "$0")/.."

export CFLINK_DATABASE_URL="${CFLINK_DATABASE_URL:-postgresql://cflink:cflink@127.0.0.1:5432/cflink}"
scripts/setup.sh "${CFLINK_DATABASE_URL##*/}"
infra/engine.sh start

host="${CFLINK_HOST:-127.0.0.1}"
port="${CFLINK_PORT:-8080}"
key="${CFLINK_BOOTSTRAP_API_KEY:-$(node -p "require('./dist/libs/config/src/config').LOCAL_BOOTSTRAP_KEY")}"
secret="${CFLINK_BOOTSTRAP_API_SECRET:-$(node -p "require('./dist/libs/config/src/config').LOCAL_BOOTSTRAP_SECRET")}"

mkdir -p .run
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM
# setup.sh built every app once (nest build); each runs from Nest's output for it, as `nest start
# <app>` would run it after compiling that app again (npm run start:<app> does, for development).
node dist/apps/scheduler/src/main.js >>.run/scheduler.log 2>&1 &
pids+=($!)
node dist/apps/worker/src/main.js >>.run/worker.log 2>&1 &
pids+=($!)

cat <<BANNER

  cflink API      http://$host:$port   (OpenAPI: http://$host:$port/openapi.json)
  API key         $key
  API secret      $secret
  try             curl -u $key:$secret http://$host:$port/org/v2/environments
  scheduler       pid ${pids[0]}, log .run/scheduler.log
  engine worker   pid ${pids[1]}, log .run/worker.log

BANNER
# In the background too, so a TERM to this script reaches the trap at once (bash defers traps
# while a foreground child runs).
node dist/apps/api/src/main.js &
pids+=($!)
wait "${pids[2]}"
