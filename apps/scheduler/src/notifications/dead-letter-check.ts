import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PrismaService } from '#db';
import {
  statementSubject,
  deadLetterQuery,
  deadLettersInWindow,
  deadLetterTablesOf,
  deadLetterWindowStart,
  type DeadLetterGrowth,
  type ReadTable,
} from '#domain';
import { NotificationEmitter } from './notification-emitter';

/**
 * STATEMENT_DEAD_LETTERS: statements of the region whose dead-letter counter (the engine's
 * metric samples, mode `log`) grew in the current window of a subscription. One occurrence per
 * statement and window (its start is the dedup key), so a steady trickle sends one per window.
 */
@Injectable()
export class DeadLetterCheck {
  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly emitter: NotificationEmitter,
  ) {}

  async run(now: Date): Promise<void> {
    const subs = await this.prisma.notificationSubscription.findMany({
      where: { eventTypes: { has: 'STATEMENT_DEAD_LETTERS' } },
      select: { environmentId: true, deadLetterWindowMinutes: true },
    });
    if (subs.length === 0) return;
    const windows = new Map<string, Set<number>>();
    for (const s of subs)
      windows.set(s.environmentId, (windows.get(s.environmentId) ?? new Set()).add(s.deadLetterWindowMinutes));
    const from = new Date(
      Math.min(...subs.map((s) => deadLetterWindowStart(now, s.deadLetterWindowMinutes).getTime())),
    );
    const rows = await this.prisma.$queryRaw<{ uid: string; at: Date; increase: number }[]>`
      -- Each sample's increase, measured from the one before (up to an hour before the window, as the
      -- Metrics API counts): a drop is a restarted job counting from 0.
      WITH d AS (
        SELECT m.statement_uid, m.at, m.dead_letter_records AS v,
               LAG(m.dead_letter_records) OVER (PARTITION BY m.statement_uid ORDER BY m.at) AS prev
        FROM statement_metric_samples m JOIN statements s ON s.uid = m.statement_uid
        WHERE s.flink_region = ${this.config.engine.flinkRegion} AND s.environment_id = ANY(${[...windows.keys()]})
          AND m.at >= ${from}::timestamptz - interval '1 hour' AND m.at <= ${now})
      SELECT statement_uid::text AS uid, at, (CASE WHEN prev IS NULL OR v < prev THEN v ELSE v - prev END)::float8 AS increase
      FROM d WHERE at >= ${from} AND (CASE WHEN prev IS NULL OR v < prev THEN v ELSE v - prev END) > 0`;
    if (rows.length === 0) return;
    const growth = new Map<string, DeadLetterGrowth[]>();
    for (const r of rows) growth.set(r.uid, [...(growth.get(r.uid) ?? []), { at: r.at, increase: r.increase }]);
    const statements = await this.prisma.statement.findMany({ where: { uid: { in: [...growth.keys()] } } });
    for (const s of statements) {
      const tables = await this.deadLetterTables(s.environmentId, (s.tableUses ?? []) as unknown as ReadTable[]);
      for (const minutes of windows.get(s.environmentId) ?? []) {
        const found = deadLettersInWindow(growth.get(s.uid) ?? [], now, minutes);
        if (!found) continue;
        const occurrence = `${found.windowStart.toISOString()}/${minutes}`;
        const ids = await this.prisma.$transaction((tx) =>
          this.emitter.store(tx, 'STATEMENT_DEAD_LETTERS', s.environmentId, occurrence, (sub) =>
            sub.deadLetterWindowMinutes !== minutes
              ? null
              : {
                  type: 'STATEMENT_DEAD_LETTERS',
                  organizationId: s.organizationId,
                  environmentId: s.environmentId,
                  subject: statementSubject(s, s.phase, s.detail),
                  occurredAt: now,
                  deadLetters: {
                    newRecords: found.count,
                    windowStart: found.windowStart,
                    windowMinutes: minutes,
                    tables,
                    query: tables.length ? deadLetterQuery(tables[0], s.name) : null,
                  },
                },
          ),
        );
        await this.emitter.enqueue(ids);
      }
    }
  }

  /** The dead-letter tables of what the statement reads, from its environment's catalog. */
  private async deadLetterTables(environmentId: string, uses: ReadTable[]): Promise<string[]> {
    const reads = uses.filter((u) => (u as { access?: string }).access === 'read');
    if (reads.length === 0) return [];
    const defs = await this.prisma.catalogTable.findMany({
      where: { environmentId },
      select: { databaseId: true, name: true, definition: true },
    });
    const byName = new Map(defs.map((d) => [`${d.databaseId}/${d.name}`, d.definition]));
    return deadLetterTablesOf(reads, (cluster, table) => byName.get(`${cluster}/${table}`));
  }
}
