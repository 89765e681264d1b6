/**
 * The cflink processes of the chaos suite, each a child process running the built app as
 * scripts/run.sh does (`node dist/apps/<app>/src/main.js`), so one can be killed with SIGKILL
 * and started again as a supervisor would. Logs go to the suite's log folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_PIDS, DATABASE_URL, LOG_DIR, PORTS, REDIS_URL, REPO, waitFor } from './infra';

export type App = 'api' | 'scheduler' | 'worker';

export const ADMIN_KEY = 'CHAOSADMIN000001';
export const ADMIN_SECRET = 'chaos-suite-admin-secret-0001';
export const REGION = 'us-east-1';

/** Fast loops so recoveries are measured in seconds, not in the defaults' half-minutes. */
export const APP_ENV: Record<string, string> = {
  CFLINK_DATABASE_URL: DATABASE_URL,
  CFLINK_REDIS_URL: REDIS_URL,
  CFLINK_KAFKA_BROKERS: `127.0.0.1:${PORTS.kafka}`,
  CFLINK_FLINK_REST_URL: `http://127.0.0.1:${PORTS.flinkRest}`,
  CFLINK_SQL_GATEWAY_URL: `http://127.0.0.1:${PORTS.sqlGateway}`,
  CFLINK_REGIONS: `AWS:${REGION}`,
  CFLINK_BOOTSTRAP_API_KEY: ADMIN_KEY,
  CFLINK_BOOTSTRAP_API_SECRET: ADMIN_SECRET,
  CFLINK_RATE_LIMIT_PER_SECOND: '0',
  CFLINK_RATE_LIMIT_PER_MINUTE: '0',
  CFLINK_SCHEDULER_INTERVAL_MS: '250',
  CFLINK_RECONCILE_INTERVAL_MS: '2000',
  CFLINK_RECONCILE_SETTLE_MS: '5000',
  CFLINK_WORKER_POOL_REFRESH_MS: '500',
  CFLINK_WORKER_WATCH_INTERVAL_MS: '1000',
  CFLINK_WORKER_LEASE_TTL_MS: '5000',
  CFLINK_METRICS_INTERVAL_MS: '2000',
  CFLINK_LOG_LEVEL: 'warn',
};

export interface Proc {
  app: App;
  name: string;
  child: ChildProcess;
  /** Killed on purpose (a fault or the teardown), not crashed. */
  killed?: boolean;
}

const running = new Set<Proc>();
let serial = 0;

/** Processes that ended by themselves: a fault elsewhere must never take a process down. */
export const crashes: string[] = [];

export function startApp(app: App, extra: Record<string, string> = {}): Proc {
  mkdirSync(LOG_DIR, { recursive: true });
  const name = `${app}-${++serial}`;
  const log = createWriteStream(join(LOG_DIR, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [join(REPO, `dist/apps/${app}/src/main.js`)], {
    cwd: REPO,
    env: { ...process.env, ...APP_ENV, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const proc: Proc = { app, name, child };
  running.add(proc);
  // For scripts/chaos.sh's cleanup, should this process die before its teardown runs.
  appendFileSync(APP_PIDS, `${child.pid}\n`);
  child.once('exit', (code, signal) => {
    running.delete(proc);
    if (!proc.killed) crashes.push(`${name} exited (${signal ?? `code ${code}`}); see ${join(LOG_DIR, `${name}.log`)}`);
  });
  return proc;
}

export async function startApi(port: number): Promise<Proc> {
  const proc = startApp('api', { CFLINK_PORT: String(port) });
  await waitFor(`API on ${port}`, async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 60_000);
  return proc;
}

/** SIGKILL, as the kernel's OOM killer or a lost machine does it: no shutdown hook runs. */
export async function kill9(proc: Proc): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const exited = new Promise((r) => proc.child.once('exit', r));
  proc.killed = true;
  proc.child.kill('SIGKILL');
  await exited;
}

export async function stopApps(): Promise<void> {
  await Promise.all([...running].map(kill9));
}
