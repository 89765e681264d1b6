#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs and starts what the tests need, then
# checks formatting and lint, the OpenAPI contract (lint + generated types in step), the
# migrations (no drift from the Prisma schema), starts the local data plane (Kafka, Flink; left
# running for the next run, stop it with infra/engine.sh stop) and runs the unit and end-to-end
# tests against a freshly created PostgreSQL database.
set -euo pipefail
cd "$(dirname "$0")/.."

# CFLINK_TEST_DATABASE lets two checkouts on one machine test side by side.
test_db="${CFLINK_TEST_DATABASE:-cflink_test}"
export CFLINK_DATABASE_URL="postgresql://cflink:cflink@127.0.0.1:${CFLINK_PG_PORT:-5432}/$test_db"
step() { printf '\n==> %s\n' "$*" >&2; }

step "setup"
# A fresh test database every run: drop it before setup recreates and migrates it.
scripts/services.sh
PGPASSWORD=cflink dropdb -h 127.0.0.1 -p "${CFLINK_PG_PORT:-5432}" -U cflink --if-exists --force "$test_db" </dev/null 2>/dev/null
scripts/setup.sh "$test_db"

step "format and lint"
npx --no-install prettier --check . --log-level warn
npx --no-install eslint .

step "OpenAPI contract"
node scripts/generate.mjs --check

step "migrations match the schema"
npx --no-install prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --exit-code >/dev/null 2>&1 \
  || { echo "prisma/schema.prisma has changes no migration covers: create one (see docs/development.md)" >&2; exit 1; }

step "local data plane (Kafka, Flink)"
infra/engine.sh start

step "engine-side Java (JUnit through Maven; jars cached in ~/.m2 by the data plane's fetch)"
for m in kafka-admin flink-error-handling; do mvn -q -B -Dstyle.color=never -f "infra/$m/pom.xml" test; done

step "unit and end-to-end tests"
mapfile -t tests < <(find dist/libs dist/apps -name '*.spec.js'; find dist/test -name '*.e2e.js')
# A test file whose process lingers after its tests (a client socket or timer left open) exits 2 s
# after them (test/support/exit-after-tests.ts): --test-force-exit could drop results it had not
# handed over yet, failures included, and still exit 0.
node --test --test-concurrency=2 --import ./dist/test/support/exit-after-tests.js "${tests[@]}"
