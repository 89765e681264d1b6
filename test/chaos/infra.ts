/**
 * The chaos suite's own infrastructure, isolated from every other test and from `scripts/run.sh`:
 * a PostgreSQL cluster (initdb into a folder of its own, pg_ctl on its own port), a Redis server
 * and a Kafka + Flink data plane (infra/engine.sh with its own run folder and ports). The suite
 * kills and restarts these freely; `stopAll` tears every one down (also called by
 * scripts/chaos.sh when the suite itself dies).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO = resolve(__dirname, '../../..');

/** Ports of the suite's own services: none is a port the default stack or the other tests use. */
export const PORTS = {
  postgres: Number(process.env.CFLINK_CHAOS_PG_PORT ?? 5544),
  redis: Number(process.env.CFLINK_CHAOS_REDIS_PORT ?? 16379),
  kafka: 19092,
  kafkaController: 19093,
  flinkRest: 18081,
  flinkRpc: 16123,
  sqlGateway: 18083,
  apis: [18180, 18181],
};

/** Everything the suite writes: logs, the PostgreSQL cluster, the data plane's run folder (a
 * temporary folder by default: the postgres user must be able to reach it). */
export const CHAOS_DIR = resolve(process.env.CFLINK_CHAOS_DIR ?? join(tmpdir(), 'cflink-chaos'));
const PG_DIR = join(CHAOS_DIR, 'postgres');
export const ENGINE_DIR = join(CHAOS_DIR, 'engine');
export const LOG_DIR = join(CHAOS_DIR, 'logs');
/** Pids of the cflink processes the suite started (processes.ts), one a line. */
export const APP_PIDS = join(CHAOS_DIR, 'apps.pid');
export const DATABASE_URL = `postgresql://cflink:cflink@127.0.0.1:${PORTS.postgres}/cflink_chaos`;
export const REDIS_URL = `redis://127.0.0.1:${PORTS.redis}`;

export const ENGINE_ENV: Record<string, string> = {
  CFLINK_RUN_DIR: ENGINE_DIR,
  CFLINK_KAFKA_PORT: String(PORTS.kafka),
  CFLINK_KAFKA_CONTROLLER_PORT: String(PORTS.kafkaController),
  CFLINK_FLINK_REST_PORT: String(PORTS.flinkRest),
  CFLINK_FLINK_RPC_PORT: String(PORTS.flinkRpc),
  CFLINK_SQL_GATEWAY_PORT: String(PORTS.sqlGateway),
  // Two statements of 1 CFU each; room for one more while a job is being resubmitted.
  CFLINK_TASK_SLOTS: '4',
  CFLINK_TM_MEMORY: '1280m',
};

/** Runs as the postgres user when root (PostgreSQL refuses to run as root). */
const asPostgres = (cmd: string, args: string[]) =>
  process.getuid?.() === 0 ? (['runuser', ['-u', 'postgres', '--', cmd, ...args]] as const) : ([cmd, args] as const);

function pgBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const p = `/usr/lib/postgresql/${v}/bin/${name}`;
    if (existsSync(p)) return p;
  }
  throw new Error(`${name} not found under /usr/lib/postgresql (scripts/setup.sh installs PostgreSQL)`);
}

async function sh(cmd: string, args: string[], env: Record<string, string> = {}, timeoutMs = 300_000) {
  try {
    return await run(cmd, args, {
      env: { ...process.env, ...env },
      cwd: REPO,
      timeout: timeoutMs,
      maxBuffer: 16 << 20,
    });
  } catch (e) {
    const err = e as Error & { stderr?: string; stdout?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${err.stderr ?? ''}`);
  }
}

async function pg(command: 'start' | 'stop' | 'restart', mode = 'fast'): Promise<void> {
  const args = ['-D', PG_DIR, '-l', join(PG_DIR, 'server.log'), '-w', '-t', '60', '-m', mode];
  if (command !== 'stop') {
    args.push('-o', `-p ${PORTS.postgres} -k ${PG_DIR} -c listen_addresses=127.0.0.1 -c fsync=off`);
  }
  const [cmd, full] = asPostgres(pgBin('pg_ctl'), [command, ...args]);
  await sh(cmd, [...full]);
}

export async function startPostgres(): Promise<void> {
  if (!existsSync(join(PG_DIR, 'PG_VERSION'))) {
    mkdirSync(PG_DIR, { recursive: true });
    if (process.getuid?.() === 0) await sh('chown', ['-R', 'postgres', CHAOS_DIR]);
    // Trust on loopback: a throwaway cluster only this suite's processes reach.
    const [cmd, args] = asPostgres(pgBin('initdb'), ['-D', PG_DIR, '-U', 'cflink', '--auth=trust', '-E', 'UTF8']);
    await sh(cmd, [...args]);
  }
  await pg('start');
  const psql = (sql: string, db = 'postgres') =>
    sh(pgBin('psql'), ['-h', '127.0.0.1', '-p', String(PORTS.postgres), '-U', 'cflink', '-d', db, '-tAc', sql]);
  await psql('DROP DATABASE IF EXISTS cflink_chaos WITH (FORCE)');
  await psql('CREATE DATABASE cflink_chaos');
  await sh('npx', ['--no-install', 'prisma', 'migrate', 'deploy'], { CFLINK_DATABASE_URL: DATABASE_URL });
}

/** A restart as an operator does it (`pg_ctl restart -m fast`): every connection is dropped. */
export const restartPostgres = () => pg('restart');

let redis: ChildProcess | null = null;

export async function startRedis(): Promise<void> {
  mkdirSync(LOG_DIR, { recursive: true });
  redis = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(PORTS.redis), '--save', '', '--appendonly', 'no', '--dir', CHAOS_DIR],
    { stdio: 'ignore' },
  );
  await waitFor('Redis', async () =>
    (await sh('redis-cli', ['-p', String(PORTS.redis), 'ping'])).stdout.includes('PONG'),
  );
}

export const flushRedis = () => sh('redis-cli', ['-p', String(PORTS.redis), 'FLUSHALL']);

/** Forgets the previous run's topics, checkpoints and savepoints (with every process stopped). */
export function resetEngineData(): void {
  for (const d of ['kafka-data', 'checkpoints', 'savepoints'])
    rmSync(join(ENGINE_DIR, d), { recursive: true, force: true });
}

/** `infra/engine.sh start` is idempotent: it starts only what is not running (after a kill). */
export const startEngine = () => sh(join(REPO, 'infra/engine.sh'), ['start'], ENGINE_ENV, 600_000);

export function enginePid(name: 'kafka' | 'jobmanager' | 'taskmanager' | 'sql-gateway'): number {
  return Number(readFileSync(join(ENGINE_DIR, `${name}.pid`), 'utf8').trim());
}

/** Sends `signal` to a data-plane process and waits for it to be gone. */
export async function killEngineProcess(name: Parameters<typeof enginePid>[0], signal: NodeJS.Signals): Promise<void> {
  const pid = enginePid(name);
  process.kill(pid, signal);
  await waitFor(`${name} to exit`, async () => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  });
}

export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Stops everything started here; each step goes on when another fails. */
export async function stopAll(): Promise<void> {
  for (const pid of existsSync(APP_PIDS) ? readFileSync(APP_PIDS, 'utf8').split('\n').filter(Boolean) : []) {
    // Only a pid that still runs one of this checkout's apps: pids are reused.
    const cmdline = (() => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    })();
    if (cmdline.includes(join(REPO, 'dist/apps/'))) process.kill(Number(pid), 'SIGKILL');
  }
  rmSync(APP_PIDS, { force: true });
  await sh(join(REPO, 'infra/engine.sh'), ['stop'], ENGINE_ENV).catch(() => undefined);
  redis?.kill('SIGKILL');
  await sh('redis-cli', ['-p', String(PORTS.redis), 'shutdown', 'nosave']).catch(() => undefined);
  if (existsSync(join(PG_DIR, 'postmaster.pid'))) await pg('stop', 'immediate').catch(() => undefined);
}
