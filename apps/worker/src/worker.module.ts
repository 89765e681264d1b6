import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type CflinkConfig } from '#config';
import { DbModule } from '#db';
import { CommandHandler } from './commands/command-handler';
import { StartClaims } from './commands/start-claims';
import { StatementAccess } from './access/statement-access';
import { CatalogDdl } from './catalog/catalog-ddl';
import { DeadLetterTables } from './catalog/dead-letter-tables';
import { CatalogSession } from './catalog/catalog-session';
import { TopicAdmin } from './catalog/topic-admin';
import { EventPublisher } from './events/event-publisher';
import { ResultCollector } from './results/result-collector';
import { ResultCursors } from './results/result-cursors';
import { ResultWriter } from './results/result-writer';
import { PoolWorkers } from './pools/pool-workers';
import { StatementRunner } from './runner/statement-runner';
import { JobRescaler } from './watch/job-rescaler';
import { JobWatcher } from './watch/job-watcher';
import { StatementLeases } from './watch/statement-leases';

@Module({})
export class WorkerModule {
  static forRoot(config: CflinkConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DbModule],
      providers: [
        EventPublisher,
        TopicAdmin,
        CatalogSession,
        CatalogDdl,
        DeadLetterTables,
        StatementAccess,
        ResultWriter,
        ResultCursors,
        ResultCollector,
        StatementRunner,
        CommandHandler,
        StartClaims,
        PoolWorkers,
        StatementLeases,
        JobWatcher,
        JobRescaler,
      ],
      exports: [PoolWorkers],
    };
  }
}
