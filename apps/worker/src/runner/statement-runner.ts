import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, hop, type CflinkConfig } from '#config';
import type { CatalogChange, CatalogPut } from '#contracts';
import type { Statement } from '#db';
import {
  checkPlanHints,
  ddlTarget,
  describedRows,
  explainedStatement,
  judgeStatement,
  qualifiedName,
  showsColumns,
  statefulnessOfPlan,
  tablesInPlan,
  translateStatementProperties,
  type Subject,
  type TableUse,
} from '#domain';
import { EngineError, pollPauses, SqlGatewayClient, STATEMENT_JOB_TAG, type ColumnInfo, type RowKind } from '#engine';
import { ACCESS_DENIED_EXCEPTION, StatementAccess } from '../access/statement-access';
import { CatalogDdl } from '../catalog/catalog-ddl';
import { CatalogSession, type SessionCatalog, type StoredCatalog } from '../catalog/catalog-session';
import { DeadLetterTables } from '../catalog/dead-letter-tables';
import { EXAMPLE_SOURCES } from '../catalog/examples';
import type { OpenQuery } from '../results/result-collector';

export type RunOutcome =
  | { kind: 'job'; jobId: string; uses: TableUse[]; catalog?: CatalogChange; deadLetterTables?: CatalogPut[] }
  /** A foreground query: its session stays open for the ResultCollector. */
  | { kind: 'query'; jobId: string; query: OpenQuery; deadLetterTables?: CatalogPut[] }
  | {
      kind: 'done';
      detail?: string;
      catalog?: CatalogChange;
      columns?: ColumnInfo[];
      rows?: { kind: RowKind; fields: unknown[] }[];
    };

const DRY_RUN: RunOutcome = {
  kind: 'done',
  detail: 'Dry run (sql.dry-run): every check passed; nothing was created and no job ran.',
};

/** A statement's gateway session, and its catalog when that was replayed ahead of `run`. */
export interface OpenedSession {
  id: string;
  catalog?: SessionCatalog;
}

/** Work a start began before `run`, side by side with its claim. */
export interface StartAhead {
  /** The stored catalog (StatementRunner.loadCatalog). */
  catalog?: Promise<StoredCatalog>;
  /** The statement's gateway session (StatementRunner.openAhead); `run` owns it from then on. */
  session?: Promise<OpenedSession>;
  /** Done before the statement is submitted: ending the jobs an unrecorded start left. */
  beforeSubmit?: Promise<void>;
}

/** A statement the SQL boundary refuses (kind, property, hint, unknown table): it fails before any side effect. */
export class StatementRefused extends EngineError {}

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
    private readonly deadLetters: DeadLetterTables,
  ) {
    this.gateway = new SqlGatewayClient(config.engine.sqlGatewayUrl);
  }

  /** The statement's stored catalog, read ahead of `run` (beside a start's claim). */
  loadCatalog(row: Statement): Promise<StoredCatalog> {
    const stored = this.catalog.load(row);
    stored.catch(() => undefined); // awaited by run, unless the start ends before it
    return stored;
  }

  /**
   * The SQL boundary, before the engine sees anything: an allowed kind of statement and allowed,
   * translated properties (docs/architecture.md, "Tenant boundary").
   */
  private judge(row: Statement) {
    const verdict = judgeStatement(row.statement);
    if (!verdict.allowed) throw new StatementRefused(verdict.detail);
    const properties = translateStatementProperties((row.properties ?? {}) as Record<string, unknown>);
    if (!properties.ok) throw new StatementRefused(properties.detail);
    return { kind: verdict.kind, properties: properties.value };
  }

  private async openSession(
    row: Statement,
    session: Record<string, string>,
    catalog: Promise<StoredCatalog>,
  ): Promise<OpenedSession> {
    const stored = await catalog;
    const id = await this.gateway.openSession(
      { ...session, ...CatalogSession.sessionOptions(stored) },
      `cflink-${row.name}`,
    );
    return { id };
  }

  /**
   * The statement's session, opened beside a start's claim (gateway round trips off its path)
   * once the statement and its properties passed the SQL boundary, and its catalog replayed
   * unless it starts from another statement's offsets (read when it runs); null if they do not
   * pass (`run` then says why). Only the environment's own tables enter it, as in `run`: nothing
   * outside the session changes before the claim. Hand it to `run`, or to `discard` when the
   * start ends before running.
   */
  openAhead(
    row: Statement,
    catalog: Promise<StoredCatalog>,
    savepointPath: string | null,
  ): Promise<OpenedSession> | null {
    let judged: ReturnType<StatementRunner['judge']>;
    try {
      judged = this.judge(row);
    } catch {
      return null;
    }
    const { kind, properties } = judged;
    const opened = this.openSession(row, properties.session, catalog).then(async (s): Promise<OpenedSession> => {
      if (!savepointPath && properties.initialOffsetFrom) return s;
      try {
        return { ...s, catalog: await this.catalog.prepare(s.id, await catalog, row, kind, properties) };
      } catch (e) {
        await this.gateway.closeSession(s.id).catch(() => undefined);
        throw e;
      }
    });
    opened.catch(() => undefined); // awaited by run, or by discard
    return opened;
  }

  /** Closes a session opened ahead for a start that did not run. */
  discard(session: Promise<OpenedSession> | null): void {
    session?.then((s) => this.gateway.closeSession(s.id)).catch(() => undefined);
  }

  async run(row: Statement, cfu: number, savepointPath: string | null, ahead: StartAhead = {}): Promise<RunOutcome> {
    let judged: ReturnType<StatementRunner['judge']>;
    try {
      judged = this.judge(row);
    } catch (e) {
      this.discard(ahead.session ?? null);
      throw e;
    }
    const { kind, properties } = judged;
    const { dryRun } = properties;
    const catalog = ahead.catalog ?? this.catalog.load(row);
    const opened = await (ahead.session ?? this.openSession(row, properties.session, catalog));
    const session = opened.id;
    let keepSession = false;
    hop(row.uid, 'session');
    try {
      // Offsets carried over from another statement, unless this start restores its own savepoint.
      const source = savepointPath ? undefined : properties.initialOffsetFrom;
      const starts = source ? await this.catalog.initialOffsets(row, source) : {};
      const stored = await catalog;
      const sc = opened.catalog ?? (await this.catalog.prepare(session, stored, row, kind, properties, starts));
      hop(row.uid, 'catalog');
      const target = ddlTarget(row.statement);
      let statement = row.statement;
      let created: CatalogChange | undefined;
      let uses: TableUse[] = [];
      let deadLetterTables: CatalogPut[] = [];
      if (kind === 'CREATE_TABLE_AS' && target) {
        // Every right is checked before the topic exists: a refused CTAS leaves nothing behind.
        const manage = this.ddl.targetUse(sc, target)!;
        await this.requireAccess(row, [manage]);
        const ctas = await this.ddl.planCreateAs(this.gateway, session, sc, row, target);
        statement = ctas.insert;
        if (source) await this.requireStateless(session, statement, source);
        // Creating the table covers writing it; the query's sources need their read rights.
        const reads = (await this.tableUses(session, sc, statement)).filter((u) => u.access === 'read');
        // The new table is in the session now: its mode counts as a sink's.
        const dlq = this.deadLetters.plan(sc, [manage, ...reads]);
        uses = [manage, ...reads, ...dlq.uses];
        await this.requireAccess(row, uses);
        if (dryRun) return DRY_RUN;
        await this.ddl.provision(ctas.change, ctas.topicConfig);
        await this.deadLetters.provision(dlq.missing);
        deadLetterTables = dlq.missing;
        created = ctas.change ?? undefined;
      } else if (target && (kind === 'CREATE_TABLE' || kind === 'ALTER_TABLE' || kind === 'DROP_TABLE')) {
        const use = this.ddl.targetUse(sc, target);
        if (use) await this.requireAccess(row, [use]);
        if (dryRun) return DRY_RUN;
        const change = await this.ddl.apply(this.gateway, session, sc, row, target);
        return { kind: 'done', ...(change ? { catalog: change } : {}) };
      } else if (kind === 'INSERT_INTO' || kind === 'EXECUTE_STATEMENT_SET' || kind === 'SELECT') {
        this.catalog.refuseExampleWrites(sc, row.statement);
        // The principal's bindings are read while Flink plans (one round trip off a start's path).
        const subject = this.access.subjectOf(row.organizationId, row.principal);
        subject.catch(() => undefined); // awaited below, unless planning fails first
        if (source) await this.requireStateless(session, row.statement, source);
        uses = await this.tableUses(session, sc, row.statement);
        // Mode log writes the dead-letter tables of what it reads and writes: a right checked like any other.
        const dlq = this.deadLetters.plan(sc, uses);
        uses = [...uses, ...dlq.uses];
        await this.requireAccess(row, uses, subject);
        if (dryRun) return DRY_RUN;
        await this.deadLetters.provision(dlq.missing);
        deadLetterTables = dlq.missing;
      } else if (kind === 'EXPLAIN') {
        // Explaining plans what it explains: its hints and tables are checked like the statement's own.
        await this.tableUses(session, sc, explainedStatement(row.statement) ?? row.statement);
      } else if (kind !== 'SHOW' && kind !== 'DESCRIBE' && kind !== 'USE') {
        throw new StatementRefused(`A ${kind} statement could not be read; check its syntax.`);
      }
      hop(row.uid, 'rights');
      await ahead.beforeSubmit;
      const operation = await this.gateway.execute(session, statement, {
        'parallelism.default': String(cfu),
        'pipeline.name': row.name,
        // The statement's uid on its job: a job whose id never reached PostgreSQL is still found.
        'pipeline.global-job-parameters': `${STATEMENT_JOB_TAG}:${row.uid}`,
        ...(savepointPath ? { 'execution.state-recovery.path': savepointPath } : {}),
      });
      // Page until the job id shows up (INSERT, statement set, SELECT) or the results end (DDL, SHOW …).
      const rows: { kind: RowKind; fields: unknown[] }[] = [];
      let columns: ColumnInfo[] | undefined;
      let page = await this.gateway.fetch(session, operation, 0);
      const pause = pollPauses();
      for (;;) {
        if (page.results) {
          columns = page.results.columns.length ? page.results.columns : columns;
          rows.push(...page.results.data);
        }
        if (page.jobID && kind === 'SELECT') {
          keepSession = true;
          const query = {
            statementUid: row.uid,
            jobId: page.jobID,
            session,
            operation,
            columns,
            rows,
            next: page.nextResultUri,
          };
          return { kind: 'query', jobId: page.jobID, query, ...(deadLetterTables.length ? { deadLetterTables } : {}) };
        }
        if (page.jobID) {
          hop(row.uid, 'submitted');
          return {
            kind: 'job',
            jobId: page.jobID,
            uses,
            ...(created ? { catalog: created } : {}),
            ...(deadLetterTables.length ? { deadLetterTables } : {}),
          };
        }
        if (!page.nextResultUri) {
          return {
            kind: 'done',
            columns,
            rows:
              kind === 'SHOW' && !showsColumns(statement)
                ? await this.ddl.showCreate(sc, statement, rows)
                : kind === 'DESCRIBE' || kind === 'SHOW'
                  ? describedRows(statement, rows)
                  : rows,
          };
        }
        if (page.resultType === 'NOT_READY') await pause();
        page = await this.gateway.fetch(session, operation, page.nextResultUri);
      }
    } finally {
      // A submitted job runs on without the session; only the session's catalog goes.
      if (!keepSession) await this.gateway.closeSession(session).catch(() => undefined);
    }
  }

  /**
   * The environment tables a statement reads and writes, from Flink's plan of it. The plan is
   * also where hints are judged and where a table cflink does not know would show: both fail
   * the statement.
   */
  async tableUses(session: string, sc: SessionCatalog, statement: string): Promise<TableUse[]> {
    const explained = statement.replace(/^\s*EXECUTE\s+(STATEMENT\s+SET)/i, '$1');
    const { rows } = await this.gateway.run(session, `EXPLAIN PLAN FOR ${explained}`);
    const plan = rows.map((r) => String(r.fields[0] ?? '')).join('\n');
    const hints = checkPlanHints(plan);
    if (!hints.allowed) throw new StatementRefused(hints.detail);
    const known = new Map([...sc.tables].map(([key, t]) => [key, t.parts] as const));
    const { reads, writes, unknown } = tablesInPlan(plan, known, EXAMPLE_SOURCES);
    if (unknown.length > 0) {
      throw new StatementRefused(
        `The statement uses ${unknown.map((u) => `[${u}]`).join(', ')}, which is not a table of this environment's catalog.`,
      );
    }
    const use = (key: string, access: TableUse['access']): TableUse => {
      const t = sc.tables.get(key)!;
      return { table: qualifiedName(t.parts), topicCrn: t.topicCrn, access };
    };
    return [...writes.map((k) => use(k, 'write')), ...reads.map((k) => use(k, 'read'))];
  }

  /**
   * Carried-over offsets suit a statement that maps each record on its own: one with state
   * (aggregates, joins, windows, upsert sources or sinks) would start from them without the state
   * the other statement built up. Decided from Flink's plan, as Confluent allows it only then.
   */
  private async requireStateless(session: string, statement: string, source: string): Promise<void> {
    const explained = statement.replace(/^\s*EXECUTE\s+(STATEMENT\s+SET)/i, '$1');
    const { rows } = await this.gateway.run(session, `EXPLAIN CHANGELOG_MODE ${explained}`);
    const verdict = statefulnessOfPlan(rows.map((r) => String(r.fields[0] ?? '')).join('\n'));
    if (verdict.kind === 'stateless') return;
    throw new StatementRefused(
      `sql.tables.initial-offset-from (${source}) applies to stateless statements only, and this one ${
        verdict.kind === 'stateful'
          ? `keeps state: ${verdict.reasons.join(', ')}`
          : `could not be judged: ${verdict.why}`
      }. Start it without the property (from each table's startup mode).`,
    );
  }

  private async requireAccess(row: Statement, uses: TableUse[], subject?: Promise<Subject>): Promise<void> {
    const decision = await this.access.check(row.organizationId, row.principal, uses, subject);
    if (!decision.allowed) throw new DataAccessDenied(decision.detail);
  }
}
