import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import type { CatalogChange } from '#contracts';
import type { Statement } from '#db';
import { ddlTarget, qualifiedName, sqlKind, tablesInPlan, type TableUse } from '#domain';
import { EngineError, SqlGatewayClient, type ColumnInfo, type RowKind } from '#engine';
import { ACCESS_DENIED_EXCEPTION, StatementAccess } from '../access/statement-access';
import { CatalogDdl } from '../catalog/catalog-ddl';
import { CATALOG_PROPERTIES, CatalogSession, type SessionCatalog } from '../catalog/catalog-session';
import type { OpenQuery } from '../results/result-collector';

export type RunOutcome =
  | { kind: 'job'; jobId: string; uses: TableUse[]; catalog?: CatalogChange }
  /** A foreground query: its session stays open for the ResultCollector. */
  | { kind: 'query'; jobId: string; query: OpenQuery }
  | {
      kind: 'done';
      catalog?: CatalogChange;
      columns?: ColumnInfo[];
      rows?: { kind: RowKind; fields: unknown[] }[];
    };

/** A statement whose principal lacks a data-plane right: it fails before any job starts. */
export class DataAccessDenied extends EngineError {
  readonly exceptionName = ACCESS_DENIED_EXCEPTION;
}

/**
 * Runs one statement through the SQL Gateway in a session of its own, prepared with the
 * statement's catalog (apps/worker/src/catalog). Table DDL changes the catalog; everything else
 * is checked against the principal's data-plane rights, then executed.
 */
@Injectable()
export class StatementRunner {
  private readonly gateway: SqlGatewayClient;

  constructor(
    @Inject(CFLINK_CONFIG) config: CflinkConfig,
    private readonly catalog: CatalogSession,
    private readonly ddl: CatalogDdl,
    private readonly access: StatementAccess,
  ) {
    this.gateway = new SqlGatewayClient(config.engine.sqlGatewayUrl);
  }

  async run(row: Statement, cfu: number, savepointPath: string | null): Promise<RunOutcome> {
    const properties = Object.fromEntries(
      Object.entries((row.properties ?? {}) as Record<string, unknown>)
        .filter(([k]) => !CATALOG_PROPERTIES.includes(k))
        .map(([k, v]) => [k, String(v)]),
    );
    const session = await this.gateway.openSession(properties, `cflink-${row.name}`);
    let keepSession = false;
    try {
      const sc = await this.catalog.prepare(session, row);
      const target = ddlTarget(row.statement);
      let statement = row.statement;
      let created: CatalogChange | undefined;
      let uses: TableUse[] = [];
      if (target?.op === 'create_as' && !target.temporary) {
        const manage = this.ddl.targetUse(sc, target)!;
        const ctas = await this.ddl.createAs(this.gateway, session, sc, row, target);
        statement = ctas.insert;
        created = ctas.change ?? undefined;
        // Creating the table covers writing it; the query's sources need their read rights.
        const reads = (await this.tableUses(session, sc, statement)).filter((u) => u.access === 'read');
        uses = [manage, ...reads];
        await this.requireAccess(row, uses);
      } else if (target) {
        const use = this.ddl.targetUse(sc, target);
        if (use) await this.requireAccess(row, [use]);
        const change = await this.ddl.apply(this.gateway, session, sc, row, target);
        return { kind: 'done', ...(change ? { catalog: change } : {}) };
      }
      const kind = sqlKind(row.statement);
      if (kind === 'DDL' && !created && target?.op !== 'create_as') {
        throw new EngineError(
          'Only table DDL (CREATE, ALTER and DROP TABLE) is supported; views and functions are not kept in the catalog yet.',
        );
      }
      if (kind === 'INSERT_INTO' || kind === 'EXECUTE_STATEMENT_SET' || kind === 'SELECT') {
        this.catalog.refuseExampleWrites(sc, row.statement);
        uses = await this.tableUses(session, sc, row.statement);
        await this.requireAccess(row, uses);
      }
      const operation = await this.gateway.execute(session, statement, {
        'parallelism.default': String(cfu),
        'pipeline.name': row.name,
        ...(savepointPath ? { 'execution.state-recovery.path': savepointPath } : {}),
      });
      // Page until the job id shows up (INSERT, statement set, SELECT) or the results end (DDL, SHOW …).
      const rows: { kind: RowKind; fields: unknown[] }[] = [];
      let columns: ColumnInfo[] | undefined;
      let page = await this.gateway.fetch(session, operation, 0);
      for (;;) {
        if (page.results) {
          columns = page.results.columns.length ? page.results.columns : columns;
          rows.push(...page.results.data);
        }
        if (page.jobID && kind === 'SELECT') {
          keepSession = true;
          const query = { statementUid: row.uid, session, operation, columns, rows, next: page.nextResultUri };
          return { kind: 'query', jobId: page.jobID, query };
        }
        if (page.jobID) return { kind: 'job', jobId: page.jobID, uses, ...(created ? { catalog: created } : {}) };
        if (!page.nextResultUri) return { kind: 'done', columns, rows };
        if (page.resultType === 'NOT_READY') await new Promise((r) => setTimeout(r, 100));
        page = await this.gateway.fetch(session, operation, page.nextResultUri);
      }
    } finally {
      // A submitted job runs on without the session; only the session's catalog goes.
      if (!keepSession) await this.gateway.closeSession(session).catch(() => undefined);
    }
  }

  /** The environment tables a statement reads and writes, from Flink's plan of it. */
  async tableUses(session: string, sc: SessionCatalog, statement: string): Promise<TableUse[]> {
    const explained = statement.replace(/^\s*EXECUTE\s+(STATEMENT\s+SET)/i, '$1');
    const { rows } = await this.gateway.run(session, `EXPLAIN PLAN FOR ${explained}`);
    const plan = rows.map((r) => String(r.fields[0] ?? '')).join('\n');
    const known = new Map([...sc.tables].map(([key, t]) => [key, t.parts] as const));
    const { reads, writes } = tablesInPlan(plan, known);
    const use = (key: string, access: TableUse['access']): TableUse => {
      const t = sc.tables.get(key)!;
      return { table: qualifiedName(t.parts), topicCrn: t.topicCrn, access };
    };
    return [...writes.map((k) => use(k, 'write')), ...reads.map((k) => use(k, 'read'))];
  }

  private async requireAccess(row: Statement, uses: TableUse[]): Promise<void> {
    const decision = await this.access.check(row.organizationId, row.principal, uses);
    if (!decision.allowed) throw new DataAccessDenied(decision.detail);
  }
}
