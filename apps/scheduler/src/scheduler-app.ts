import type { INestApplicationContext, LogLevel } from '@nestjs/common';
import { startProcessContext, type CflinkConfig } from '#config';
import { StatementEventConsumer } from './events/statement-event-consumer';
import { SchedulerLoop } from './scheduler-loop';
import { SchedulerModule } from './scheduler.module';

/** Starts the scheduler (no HTTP); `main.ts` runs it as a process, e2e tests in-process. */
export function startScheduler(
  config: CflinkConfig,
  logger: false | readonly LogLevel[] = ['log', 'error', 'warn'],
): Promise<INestApplicationContext> {
  return startProcessContext(SchedulerModule.forRoot(config), logger);
}

/**
 * Before the scheduler closes: no new pass starts and the one in progress finishes (its
 * transactions commit or roll back whole), and the event consumer stops after the batch it is
 * applying, so the next leader continues from committed offsets.
 */
export async function drainScheduler(app: INestApplicationContext): Promise<void> {
  await app.get(SchedulerLoop).stop();
  await app.get(StatementEventConsumer, { strict: false }).onModuleDestroy();
}
