import type { INestApplicationContext, LogLevel } from '@nestjs/common';
import { startProcessContext, type CflinkConfig } from '#config';
import { WorkerModule } from './worker.module';

/** Starts an engine worker (no HTTP); `main.ts` runs it as a process, e2e tests in-process. */
export function startWorker(
  config: CflinkConfig,
  logger: false | readonly LogLevel[] = ['log', 'error', 'warn'],
): Promise<INestApplicationContext> {
  return startProcessContext(WorkerModule.forRoot(config), logger);
}
