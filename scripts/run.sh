#!/usr/bin/env bash
# Quick start: installs what is missing, starts the local stack (PostgreSQL, Redis, Kafka,
# Flink) and runs the cflink API on http://127.0.0.1:8080 (override with CFLINK_HOST/CFLINK_PORT).
# Ctrl-C stops the API; the services keep running for the next start (infra/engine.sh stop
# stops Kafka and Flink).
set -euo pipefail
cd "$(dirname "$0")/.."

export CFLINK_DATABASE_URL="${CFLINK_DATABASE_URL:-postgresql://cflink:cflink@127.0.0.1:5432/cflink}"
scripts/setup.sh "${CFLINK_DATABASE_URL##*/}"
infra/engine.sh start

host="${CFLINK_HOST:-127.0.0.1}"
port="${CFLINK_PORT:-8080}"
key="${CFLINK_BOOTSTRAP_API_KEY:-$(node -p "require('./dist/libs/config/src/config').LOCAL_BOOTSTRAP_KEY")}"
secret="${CFLINK_BOOTSTRAP_API_SECRET:-$(node -p "require('./dist/libs/config/src/config').LOCAL_BOOTSTRAP_SECRET")}"
cat <<BANNER

  cflink API      http://$host:$port   (OpenAPI: http://$host:$port/openapi.json)
  API key         $key
  API secret      $secret
  try             curl -u $key:$secret http://$host:$port/org/v2/environments

BANNER
exec node dist/apps/api/src/main.js
