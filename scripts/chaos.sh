#!/usr/bin/env bash
# The chaos suite (test/chaos): a copy and an aggregation of known input survive one fault at a
# time (kill -9 of a worker, the scheduler, an API replica mid-write, the TaskManager and the
# JobManager; PostgreSQL and Kafka restarts; Redis FLUSHALL) with exactly-once output.
# It brings up a stack of its own (PostgreSQL on 5544, Redis on 16379, Kafka 19092/19093, Flink
# REST 18081, RPC 16123, SQL Gateway 18083, APIs 18180/18181; files under $TMPDIR/cflink-chaos)
# and stops all of it afterwards, also when the suite fails. The table fault → recovery time is
# printed and, with CFLINK_CHAOS_RECORD=1 (or --record), kept with the commit, the machine and
# the date in bench/results/chaos-<UTC time>.md. CFLINK_CHAOS_ONLY=<regex> runs only the faults
# whose test names match (the stack and the pipeline are set up all the same), e.g.
# CFLINK_CHAOS_ONLY='Kafka broker restart' to repeat one fault quickly.
set -euo pipefail
cd "$(dirname "$0")/.."
record="${CFLINK_CHAOS_RECORD:-0}"
[ "${1:-}" = --record ] && record=1

if [ "${CFLINK_CHAOS_SKIP_SETUP:-0}" != 1 ]; then
  scripts/setup.sh # packages (PostgreSQL, Redis, Java, Maven) and the build; no database of its own
  infra/engine.sh fetch
fi

# One run at a time: a second one would tear down the first one's stack on its ports.
exec 9>"${TMPDIR:-/tmp}/cflink-chaos.lock"
flock -n 9 || { echo "another chaos run is in progress" >&2; exit 1; }

table="$(mktemp)"
cleanup() {
  node -e "require('./dist/test/chaos/infra').stopAll().then(() => process.exit(0))" || true
  rm -f "$table"
}
trap cleanup EXIT

# What runs is the checkout as it is now; a commit made during the run would not be it.
commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/results' || echo ' (with uncommitted changes)')"
started=$(date +%s)
set +e
only=()
[ -n "${CFLINK_CHAOS_ONLY:-}" ] && only=(--test-name-pattern "$CFLINK_CHAOS_ONLY")
CFLINK_CHAOS_TABLE="$table" node --test --import ./dist/test/support/exit-after-tests.js "${only[@]}" dist/test/chaos/chaos.suite.js
status=$?
set -e
seconds=$(($(date +%s) - started))

if [ "$record" = 1 ]; then
  mkdir -p bench/results
  out="bench/results/chaos-$(date -u +%Y%m%dT%H%M%SZ).md"
  {
    echo "# chaos suite"
    echo
    echo "- commit: $commit"
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $(uname -sr), node $(node -v)"
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "- command: scripts/chaos.sh --record"
    echo "- outcome: $([ "$status" = 0 ] && echo passed || echo "FAILED (exit $status)") in ${seconds} s, stack start included"
    echo
    cat "$table"
  } >"$out"
  echo "recorded in $out" >&2
fi
exit "$status"
