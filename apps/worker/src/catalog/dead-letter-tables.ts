import { Injectable } from '@nestjs/common';
import type { CatalogPut } from '#contracts';
import {
  DEAD_LETTER_DEFINITION,
  DEAD_LETTER_PARTITIONS,
  errorHandlingOf,
  qualifiedName,
  tableKey,
  topicOf,
  type TableUse,
} from '#domain';
import { CatalogSession, type SessionCatalog } from './catalog-session';
import { TopicAdmin } from './topic-admin';

export interface DeadLetterPlan {
  /** Writing each dead-letter table: the statement's principal needs DeveloperWrite on it. */
  uses: TableUse[];
  /** Dead-letter tables that do not exist yet, created when the statement starts. */
  missing: CatalogPut[];
}

/**
 * The dead-letter tables of the tables a statement reads or writes in `error-handling.mode` log
 * (a source's unreadable records, a sink's unwritable rows): each is a table of that table's database (`error-handling.log.target`, `error_log` by default) that
 * the statement writes, created with its topic on first use.
 */
@Injectable()
export class DeadLetterTables {
  constructor(
    private readonly catalog: CatalogSession,
    private readonly topics: TopicAdmin,
  ) {}

  plan(sc: SessionCatalog, tables: readonly TableUse[]): DeadLetterPlan {
    const uses = new Map<string, TableUse>();
    const missing = new Map<string, CatalogPut>();
    for (const use of tables) {
      const table = [...sc.tables.values()].find((t) => qualifiedName(t.parts) === use.table);
      if (!table) continue;
      const handling = errorHandlingOf(table.definition.options);
      if (handling.mode !== 'log') continue;
      const parts: [string, string, string] = [table.parts[0], table.parts[1], handling.target];
      const name = qualifiedName(parts);
      uses.set(name, {
        table: name,
        topicCrn: this.catalog.topicCrn(sc.organizationId, sc.environmentId, sc.databaseId, handling.target),
        access: 'write',
      });
      if (!sc.tables.has(tableKey(parts))) {
        missing.set(name, {
          op: 'put',
          databaseId: sc.databaseId,
          table: handling.target,
          definition: DEAD_LETTER_DEFINITION,
          topic: topicOf(sc.databaseId, handling.target),
          partitions: DEAD_LETTER_PARTITIONS,
        });
      }
    }
    return { uses: [...uses.values()], missing: [...missing.values()] };
  }

  /** Creates the missing tables' topics (idempotent); the catalog rows come with the RUNNING event. */
  async provision(missing: readonly CatalogPut[]): Promise<void> {
    for (const table of missing) await this.topics.ensure(table.topic, table.partitions, {});
  }
}
