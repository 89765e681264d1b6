#!/usr/bin/env bash
# Runs a benchmark from bench/ against a scratch database: scripts/bench.sh api|engine|catalog|metrics|metering|scale|autopilot
# (engine, catalog, scale and autopilot also start the local data plane, infra/engine.sh). What it prints is also
# recorded, with the commit, the machine and the date, in bench/results/<suite>-<UTC time>.md.
# The scratch database (dropped and recreated) is cflink_bench, or CFLINK_BENCH_DATABASE.
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${1:-api}"
db="${CFLINK_BENCH_DATABASE:-${BENCH_DATABASE:-cflink_bench}}" # another scratch database, for benchmarks run side by side
export CFLINK_DATABASE_URL="postgresql://cflink:cflink@127.0.0.1:${CFLINK_PG_PORT:-5432}/$db"
scripts/services.sh
PGPASSWORD=cflink dropdb -h 127.0.0.1 -p "${CFLINK_PG_PORT:-5432}" -U cflink --if-exists --force "$db" </dev/null 2>/dev/null
scripts/setup.sh "$db"
if [ "$suite" = engine ] || [ "$suite" = catalog ] || [ "$suite" = scale ] || [ "$suite" = autopilot ]; then infra/engine.sh start; fi
mkdir -p bench/results
record="bench/results/$suite-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# bench: $suite"
  echo
  echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/results' || echo ' (with uncommitted changes)')"
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $(uname -sr), node $(node -v)"
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- command: scripts/bench.sh $suite$(env | grep -E '^BENCH_' | sort | sed 's/^/ /' | tr -d '\n')"
  echo
  echo '```'
} >"$record"
node "dist/bench/$suite/run.js" 2>&1 | tee -a "$record"
status=${PIPESTATUS[0]}
echo '```' >>"$record"
echo "recorded in $record" >&2
exit "$status"
