#!/usr/bin/env bash
# The local data plane: one Kafka broker (KRaft, combined broker+controller) and one Flink
# session cluster (JobManager, TaskManager, SQL Gateway), assembled from Maven Central jars and
# run as plain java processes on loopback. Logs, data, checkpoints and savepoints live in one
# run folder.
#
#   infra/engine.sh fetch | start | stop | status
#
# Environment (defaults): CFLINK_RUN_DIR (<repo>/.run/engine), CFLINK_KAFKA_PORT (9092),
# CFLINK_KAFKA_CONTROLLER_PORT (9093), CFLINK_FLINK_REST_PORT (8081), CFLINK_SQL_GATEWAY_PORT
# (8083), CFLINK_FLINK_RPC_PORT (6123), CFLINK_TASK_SLOTS (8: one slot is one CFU), CFLINK_TM_MEMORY (3072m), and the control
# plane's own Kafka identity CFLINK_KAFKA_USERNAME / CFLINK_KAFKA_PASSWORD (the local defaults of
# libs/config), the broker's one super user besides the controller's.
set -euo pipefail

infra="$(cd "$(dirname "$0")" && pwd)"
run="${CFLINK_RUN_DIR:-$infra/../.run/engine}"
mkdir -p "$run"
run="$(cd "$run" && pwd)"
kafka_port="${CFLINK_KAFKA_PORT:-9092}"
controller_port="${CFLINK_KAFKA_CONTROLLER_PORT:-9093}"
rest_port="${CFLINK_FLINK_REST_PORT:-8081}"
rpc_port="${CFLINK_FLINK_RPC_PORT:-6123}"
gateway_port="${CFLINK_SQL_GATEWAY_PORT:-8083}"
slots="${CFLINK_TASK_SLOTS:-8}"
tm_memory="${CFLINK_TM_MEMORY:-3072m}"
kafka_user="${CFLINK_KAFKA_USERNAME:-cflink-admin}"
kafka_password="${CFLINK_KAFKA_PASSWORD:-cflink-local-kafka-secret-change-me}"
controller_user=cflink-controller

flink_lib="$infra/flink/target/lib"
gateway_lib="$infra/gateway/target/lib"
kafka_lib="$infra/kafka/target/lib"
admin_jar="$infra/kafka-admin/target/kafka-admin.jar"
# cflink's Kafka table connectors with error-handling.mode (infra/flink-error-handling), on every
# Flink process's classpath next to Flink's own connector.
error_handling_jar="$infra/flink-error-handling/target/flink-error-handling.jar"

log() { printf '[engine] %s\n' "$*" >&2; }

# The JVM flags Flink's own scripts pass on Java 17 (env.java.opts.all); the list must not shrink.
java17_opts() {
  local p
  printf '%s ' -XX:+IgnoreUnrecognizedVMOptions --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED \
    --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  for p in api file parser tree util; do printf -- '--add-exports=jdk.compiler/com.sun.tools.javac.%s=ALL-UNNAMED ' "$p"; done
  for p in java.lang java.net java.io java.nio sun.nio.ch java.lang.reflect java.text java.time java.util \
    java.util.concurrent java.util.concurrent.atomic java.util.concurrent.locks; do
    printf -- '--add-opens=java.base/%s=ALL-UNNAMED ' "$p"
  done
}

fetch() {
  local m
  for m in flink gateway kafka kafka-admin flink-error-handling; do
    if [ -f "$infra/$m/target/.fetched" ] && [ -z "$(find "$infra/$m/pom.xml" "$infra/$m/src" -newer "$infra/$m/target/.fetched" 2>/dev/null)" ]; then
      continue
    fi
    log "fetching $m jars from Maven Central (kafka-admin, flink-error-handling: built and tested)"
    (cd "$infra/$m" && rm -rf target && mvn -q -B -Dstyle.color=never package && touch target/.fetched)
  done
}

# Kafka reads JAAS values between double quotes: the passwords may hold neither quotes nor backslashes.
check_password() {
  case "$2" in *'"'* | *'\'* | '') log "$1 must be non-empty without \" or \\"; exit 1 ;; esac
}

# The controller listener's password: random, made once per run folder, read only by the broker.
controller_password() {
  local f="$run/conf/controller.secret"
  if [ ! -s "$f" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '/+=\n' >"$f")
  fi
  cat "$f"
}

render_configs() {
  mkdir -p "$run"/{conf,logs,tmp,kafka-data,checkpoints,savepoints}
  check_password CFLINK_KAFKA_PASSWORD "$kafka_password"
  local cpw
  cpw="$(controller_password)"
  (umask 077 && : >"$run/conf/server.properties")
  cat >"$run/conf/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
# Clients authenticate with SASL/SCRAM-SHA-512; the controller listener with PLAIN against a static
# user (SCRAM credentials live in the metadata log the controller serves). Nobody is anonymous.
listeners=SASL_PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$kafka_user" password="$kafka_password";
# PLAIN on the client listener knows the controller's user alone: it sets the admin's SCRAM
# credential on storage formatted without one (Admin cannot alter SCRAM through the controller).
listener.name.sasl_plaintext.sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$controller_user="$cpw";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$controller_user" password="$cpw" user_$controller_user="$cpw";
# ACLs decide everything else: the scheduler mirrors role bindings into them (docs/architecture.md).
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:$kafka_user;User:$controller_user
log.dirs=$run/kafka-data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Flink's exactly-once Kafka sink asks for 1 h transactions; the broker default caps them at 15 min.
transaction.max.timeout.ms=3600000
PROPS
  cat >"$run/conf/log4j2-kafka.properties" <<'PROPS'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = File
appender.file.type = File
appender.file.name = File
appender.file.fileName = ${sys:kafka.logs.dir}/kafka.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{ISO8601} %-5p %c - %m%n
PROPS
  cat >"$run/conf/config.yaml" <<YAML
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
rest.address: 127.0.0.1
rest.port: $rest_port
jobmanager.memory.process.size: 1024m
taskmanager.memory.process.size: $tm_memory
taskmanager.memory.managed.fraction: 0.1
taskmanager.numberOfTaskSlots: $slots
parallelism.default: 1
# A loaded machine (CI, parallel test suites) can take longer than the 10 s default to bring up
# the JobManager's actor system; failing the start there helps nobody.
pekko.startup-timeout: 60 s
execution.checkpointing.interval: 10s
execution.checkpointing.mode: EXACTLY_ONCE
execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION
execution.checkpointing.num-retained: 3
execution.checkpointing.dir: file://$run/checkpoints
execution.checkpointing.savepoint-dir: file://$run/savepoints
# Metrics reach the REST API at most this stale (default 10 s): samples and latest_offsets read them.
metrics.fetcher.update-interval: 1000
restart-strategy.type: exponential-delay
restart-strategy.exponential-delay.initial-backoff: 1s
restart-strategy.exponential-delay.max-backoff: 30s
restart-strategy.exponential-delay.attempts-before-reset-backoff: 10
sql-gateway.endpoint.rest.address: 127.0.0.1
sql-gateway.endpoint.rest.port: $gateway_port
io.tmp.dirs: $run/tmp
env.java.opts.all: "$(java17_opts)"
YAML
  cat >"$run/conf/log4j-console.properties" <<'PROPS'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = File
appender.file.type = RollingFile
appender.file.name = File
appender.file.fileName = ${sys:log.file}
appender.file.filePattern = ${sys:log.file}.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 100MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline
logger.netty.level = OFF
PROPS
}

running() { [ -f "$run/$1.pid" ] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }

# spawn NAME COMMAND...: starts a background process with its pid file and console log.
spawn() {
  local name="$1"
  shift
  if running "$name"; then return; fi
  (cd "$run" && exec nohup "$@" >"$run/logs/$name.out" 2>&1 </dev/null) &
  echo $! >"$run/$name.pid"
}

wait_for() {
  local what="$1" seconds="$2"
  shift 2
  for _ in $(seq 1 $((seconds * 4))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  log "$what did not become ready in ${seconds}s; see $run/logs"
  return 1
}

# The broker logs this line once it serves clients; the log is truncated on every start.
kafka_ready() { port_open "$kafka_port" && grep -q 'Kafka Server started' "$run/logs/kafka.log"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
flink_ready() { curl -sf "http://127.0.0.1:$rest_port/overview" | grep -q '"taskmanagers":1'; }
gateway_ready() { curl -sf "http://127.0.0.1:$gateway_port/v1/info" >/dev/null; }

# Flink's memory model: BashJavaUtils prints the JVM flags and dynamic options the process needs.
memory_params() {
  java -cp "$flink_lib/*" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$run/conf" 2>/dev/null |
    grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | tail -n 2 | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

# Refuses to start next to another data plane (say, one from another checkout) on the same ports.
check_ports() {
  local name port
  for pair in kafka:$kafka_port jobmanager:$rest_port sql-gateway:$gateway_port; do
    name="${pair%%:*}"
    port="${pair#*:}"
    if ! running "$name" && port_open "$port"; then
      log "port $port is already in use (another data plane?); stop it or set the CFLINK_*_PORT variables"
      exit 1
    fi
  done
}

# A Flink started before flink-error-handling existed cannot run cflink's connectors.
warn_stale_flink() {
  local name
  for name in jobmanager taskmanager sql-gateway; do
    if running "$name" && ! tr '\0' ' ' <"/proc/$(cat "$run/$name.pid")/cmdline" | grep -q flink-error-handling; then
      log "$name runs without flink-error-handling.jar: restart the data plane (infra/engine.sh stop; infra/engine.sh start)"
    fi
  done
}

start() {
  fetch
  check_ports
  warn_stale_flink
  render_configs
  local opts
  opts="$(java17_opts)"
  if [ ! -f "$run/kafka-data/meta.properties" ]; then
    log "formatting Kafka storage (with the SCRAM credential of $kafka_user)"
    java -cp "$kafka_lib/*" kafka.tools.StorageTool format --standalone -t "$(java -cp "$kafka_lib/*" kafka.tools.StorageTool random-uuid)" \
      --add-scram "SCRAM-SHA-512=[name=$kafka_user,password=\"$kafka_password\"]" -c "$run/conf/server.properties" >/dev/null
    credential_mark >"$run/kafka-data/cflink-credential"
  fi
  log "starting Kafka on 127.0.0.1:$kafka_port"
  running kafka || : >"$run/logs/kafka.log"
  spawn kafka java -Xms512m -Xmx1g -XX:+UseG1GC -Dkafka.logs.dir="$run/logs" \
    -Dlog4j2.configurationFile="$run/conf/log4j2-kafka.properties" -cp "$kafka_lib/*" kafka.Kafka "$run/conf/server.properties"

  local jm tm
  mapfile -t jm < <(memory_params GET_JM_RESOURCE_PARAMS)
  mapfile -t tm < <(memory_params GET_TM_RESOURCE_PARAMS)
  local logging=(-Dlog4j.configurationFile="file:$run/conf/log4j-console.properties" -Djava.io.tmpdir="$run/tmp")
  log "starting Flink JobManager (REST 127.0.0.1:$rest_port) and TaskManager ($slots slots)"
  # shellcheck disable=SC2086 # the memory flags and options are word lists
  spawn jobmanager java ${jm[0]} $opts -Dlog.file="$run/logs/jobmanager.log" "${logging[@]}" -cp "$flink_lib/*:$error_handling_jar" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$run/conf" ${jm[1]}
  # shellcheck disable=SC2086
  spawn taskmanager java ${tm[0]} -XX:+UseG1GC $opts -Dlog.file="$run/logs/taskmanager.log" "${logging[@]}" -cp "$flink_lib/*:$error_handling_jar" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$run/conf" ${tm[1]}
  log "starting SQL Gateway on 127.0.0.1:$gateway_port"
  # shellcheck disable=SC2086
  FLINK_CONF_DIR="$run/conf" spawn sql-gateway java -Xmx768m $opts -Dlog.file="$run/logs/sql-gateway.log" "${logging[@]}" \
    -cp "$flink_lib/*:$gateway_lib/*:$error_handling_jar" org.apache.flink.table.gateway.SqlGateway

  wait_for "Kafka" 120 kafka_ready
  ensure_admin_credential
  wait_for "Flink" 120 flink_ready
  wait_for "SQL Gateway" 120 gateway_ready
  log "ready: Kafka 127.0.0.1:$kafka_port, Flink REST http://127.0.0.1:$rest_port, SQL Gateway http://127.0.0.1:$gateway_port"
}

# What the admin's SCRAM credential was last set from (a hash: the password is not kept here).
credential_mark() { printf '%s:%s' "$kafka_user" "$kafka_password" | sha256sum | cut -d' ' -f1; }

# Storage formatted before the broker required authentication, or a changed CFLINK_KAFKA_PASSWORD:
# (re)sets the admin's credential as the controller's own user (PLAIN, a super user).
ensure_admin_credential() {
  local mark="$run/kafka-data/cflink-credential" out
  [ "$(cat "$mark" 2>/dev/null)" = "$(credential_mark)" ] && return
  log "setting the SCRAM credential of $kafka_user"
  out="$(printf 'connect broker 127.0.0.1:%s PLAIN %s %s\nupsert %s %s\n' "$kafka_port" "$controller_user" \
    "$(controller_password | base64 -w0)" "$kafka_user" "$(printf '%s' "$kafka_password" | base64 -w0)" |
    java -cp "$admin_jar:$kafka_lib/*" io.cflink.kafkaadmin.ScramAdmin 2>>"$run/logs/kafka-admin.err")" || {
    log "could not set the credential: $out"
    exit 1
  }
  credential_mark >"$mark"
}

stop() {
  local name pid
  for name in sql-gateway taskmanager jobmanager kafka; do
    running "$name" || { rm -f "$run/$name.pid"; continue; }
    pid="$(cat "$run/$name.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$run/$name.pid"
    log "stopped $name"
  done
}

status() {
  local name rc=0
  for name in kafka jobmanager taskmanager sql-gateway; do
    if running "$name"; then echo "$name: running (pid $(cat "$run/$name.pid"))"; else echo "$name: stopped"; rc=1; fi
  done
  return $rc
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
