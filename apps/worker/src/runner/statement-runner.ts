import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PrismaService, type Statement } from '#db';
import { EngineError, SqlGatewayClient } from '#engine';

export type RunOutcome = { kind: 'job'; jobId: string } | { kind: 'done' };

/**
 * Runs one statement through the SQL Gateway in a session of its own.
 *
 * Interim catalog: Flink's in-memory catalog lives in a gateway session, so before the statement
 * runs, the environment's COMPLETED `CREATE TABLE` statements are replayed into the session in
 * submission order. Tables therefore exist per environment as long as their CREATE TABLE
 * statement does (deleting it drops the table for later statements). A persistent catalog
 * replaces this later.
 */
@Injectable()
export class StatementRunner {
  private readonly gateway: SqlGatewayClient;

  constructor(
    @Inject(CFLINK_CONFIG) config: CflinkConfig,
    private readonly prisma: PrismaService,
  ) {
    this.gateway = new SqlGatewayClient(config.engine.sqlGatewayUrl);
  }

  async run(row: Statement, cfu: number, savepointPath: string | null): Promise<RunOutcome> {
    const properties = Object.fromEntries(
      Object.entries((row.properties ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    const session = await this.gateway.openSession(properties, `cflink-${row.name}`);
    try {
      await this.replayCatalog(session, row);
      const operation = await this.gateway.execute(session, row.statement, {
        'parallelism.default': String(cfu),
        'pipeline.name': row.name,
        ...(savepointPath ? { 'execution.state-recovery.path': savepointPath } : {}),
      });
      // Page until the job id shows up (INSERT, statement set, CTAS, SELECT) or the results end (DDL).
      let page = await this.gateway.fetch(session, operation, 0);
      for (;;) {
        if (page.jobID) return { kind: 'job', jobId: page.jobID };
        if (!page.nextResultUri) return { kind: 'done' };
        if (page.resultType === 'NOT_READY') await new Promise((r) => setTimeout(r, 100));
        page = await this.gateway.fetch(session, operation, page.nextResultUri);
      }
    } finally {
      // A submitted job runs on without the session; only the session's catalog goes.
      await this.gateway.closeSession(session).catch(() => undefined);
    }
  }

  private async replayCatalog(session: string, row: Statement): Promise<void> {
    const tables = await this.prisma.statement.findMany({
      where: {
        environmentId: row.environmentId,
        phase: 'COMPLETED',
        uid: { not: row.uid },
        traits: { path: ['sql_kind'], equals: 'CREATE_TABLE' },
      },
      orderBy: { seq: 'asc' },
      select: { name: true, statement: true },
    });
    for (const table of tables) {
      try {
        await this.gateway.run(session, table.statement);
      } catch (e) {
        throw new EngineError(
          `Could not restore the table of statement ${table.name} into the session: ${(e as Error).message}`,
        );
      }
    }
  }
}
