#!/usr/bin/env bash
# Runs a benchmark from bench/ against a scratch database: scripts/bench.sh api|engine|catalog
# (engine and catalog also start the local data plane, infra/engine.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${1:-api}"
export CFLINK_DATABASE_URL="postgresql://cflink:cflink@127.0.0.1:${CFLINK_PG_PORT:-5432}/cflink_bench"
scripts/services.sh
PGPASSWORD=cflink dropdb -h 127.0.0.1 -p "${CFLINK_PG_PORT:-5432}" -U cflink --if-exists --force cflink_bench </dev/null 2>/dev/null
scripts/setup.sh cflink_bench
if [ "$suite" = engine ] || [ "$suite" = catalog ]; then infra/engine.sh start; fi
exec node "dist/bench/$suite/run.js"
