import type { INestApplicationContext, LogLevel } from '@nestjs/common';
import { startProcessContext, type CflinkConfig } from '#config';
import { PoolWorkers } from './pools/pool-workers';
import { JobWatcher } from './watch/job-watcher';
import { StatementLeases } from './watch/statement-leases';
import { WorkerModule } from './worker.module';

/** Starts an engine worker (no HTTP); `main.ts` runs it as a process, e2e tests in-process. */
export function startWorker(
  config: CflinkConfig,
  logger: false | readonly LogLevel[] = ['log', 'error', 'warn'],
): Promise<INestApplicationContext> {
  return startProcessContext(WorkerModule.forRoot(config), logger);
}

/**
 * Before the worker closes: the commands in flight finish (a start reports its job, a stop its
 * savepoint), then the watcher stops and hands its statements over: the queries' results stop
 * being fetched here and their leases are released, so another worker continues them at once.
 */
export async function drainWorker(app: INestApplicationContext): Promise<void> {
  await app.get(PoolWorkers).close();
  await app.get(JobWatcher, { strict: false }).stop();
  await app.get(StatementLeases, { strict: false }).releaseAll();
}
