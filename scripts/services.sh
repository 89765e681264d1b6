#!/usr/bin/env bash
# Installs (from Debian packages, when absent) and starts the local PostgreSQL and Redis the
# control plane needs, on loopback, and installs what the local data plane needs (Java, Maven)
# and what the tests need (poppler-utils, tmux).
# Idempotent: safe to run on every start and every test run.
set -euo pipefail

PG_USER="${CFLINK_PG_USER:-cflink}"
PG_PASSWORD="${CFLINK_PG_PASSWORD:-cflink}"
PG_PORT="${CFLINK_PG_PORT:-5432}"
REDIS_PORT="${CFLINK_REDIS_PORT:-6379}"

log() { printf '[services] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    as_root apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_packages() {
  local missing=()
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  # The local data plane (infra/engine.sh) runs Kafka and Flink on Java 17, fetched with Maven, and
  # compiles infra/kafka-admin (a JDK, not only a JRE).
  command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v curl >/dev/null || missing+=(curl)
  # The billing report tests render its PDF to an image and read its text (pdftoppm, pdftotext).
  command -v pdftoppm >/dev/null || missing+=(poppler-utils)
  # The CLI's SQL shell is tested in a real terminal (test/engine/cli-on-flink.e2e.ts).
  command -v tmux >/dev/null || missing+=(tmux)
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
}

start_postgres() {
  local cluster version name
  cluster=$(pg_lsclusters --no-header | awk -v p="$PG_PORT" '$3 == p {print $1 " " $2; exit}')
  if [ -z "$cluster" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    log "creating PostgreSQL $version cluster 'cflink' on port $PG_PORT"
    as_root pg_createcluster "$version" cflink --port "$PG_PORT" >/dev/null
    cluster="$version cflink"
  fi
  read -r version name <<<"$cluster"
  if ! pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1 == v && $2 == n {print $4}' | grep -q online; then
    log "starting PostgreSQL $version/$name"
    as_root pg_ctlcluster "$version" "$name" start
  fi
  for _ in $(seq 1 50); do
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 0.2
  done
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || { log "PostgreSQL did not become ready"; exit 1; }
  # The role may create databases: migrations use a shadow database and tests one database per run.
  as_root su postgres -c "psql -q -p $PG_PORT -v ON_ERROR_STOP=1" <<SQL >/dev/null
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE "$PG_USER" LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  END IF;
END
\$\$;
SQL
}

# createdb_if_absent NAME: creates a database owned by the cflink role.
createdb_if_absent() {
  local db="$1"
  if ! PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    log "creating database $db"
    PGPASSWORD="$PG_PASSWORD" createdb -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$db"
  fi
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then return; fi
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" \
    --dir /tmp --logfile "/tmp/cflink-redis-$REDIS_PORT.log" --save '' --appendonly no >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return
    sleep 0.2
  done
  log "Redis did not become ready"
  exit 1
}

main() {
  ensure_packages
  start_postgres
  start_redis
  for db in "$@"; do createdb_if_absent "$db"; done
}

main "$@"
