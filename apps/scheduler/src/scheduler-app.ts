import type { INestApplicationContext, LogLevel } from '@nestjs/common';
import { startProcessContext, type CflinkConfig } from '#config';
import { SchedulerModule } from './scheduler.module';

/** Starts the scheduler (no HTTP); `main.ts` runs it as a process, e2e tests in-process. */
export function startScheduler(
  config: CflinkConfig,
  logger: false | readonly LogLevel[] = ['log', 'error', 'warn'],
): Promise<INestApplicationContext> {
  return startProcessContext(SchedulerModule.forRoot(config), logger);
}
