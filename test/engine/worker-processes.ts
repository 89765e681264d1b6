/**
 * Engine workers as child processes (`node dist/apps/worker/src/main.js`), so a test can kill one
 * or stop it with a signal, and the Flink jobs a statement runs, read from Flink's REST API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** A worker serving `region` (e.g. `ap-resilience-1`) with its leases and queues in `redisUrl`. */
export function spawnWorker(region: string, redisUrl: string, settings: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [join(__dirname, '../../apps/worker/src/main.js')], {
    env: {
      ...process.env,
      CFLINK_REGIONS: `AWS:us-east-1,AWS:${region}`,
      CFLINK_ENGINE_REGION: `AWS:${region}`,
      CFLINK_REDIS_URL: redisUrl,
      CFLINK_WORKER_POOL_REFRESH_MS: '250',
      CFLINK_WORKER_WATCH_INTERVAL_MS: '1000',
      CFLINK_WORKER_LEASE_TTL_MS: '4000',
      CFLINK_LOG_LEVEL: 'error',
      ...settings,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** The jobs named `name` (a statement's `pipeline.name`) that have not ended. */
export async function activeFlinkJobs(flinkRestUrl: string, name: string) {
  const { jobs } = (await (await fetch(`${flinkRestUrl}/jobs/overview`)).json()) as {
    jobs: { jid: string; name: string; state: string }[];
  };
  return jobs.filter((j) => j.name === name && !['FINISHED', 'CANCELED', 'FAILED'].includes(j.state));
}
