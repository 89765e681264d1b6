import { Injectable } from '@nestjs/common';
import type { CatalogChange } from '#contracts';
import type { Statement } from '#db';
import {
  bucketsOf,
  createTableWithRowtime,
  DEFAULT_WATERMARK,
  EXAMPLES_CATALOG,
  hasSystemRowtime,
  ROWTIME,
  ROWTIME_COLUMN,
  RowtimeError,
  withoutSystemColumns,
  invalidUserOption,
  MAX_BUCKETS,
  parseCanonicalTable,
  qualifiedName,
  quoteIdentifier,
  resolveName,
  sessionTableDdl,
  splitCreateTableAs,
  storedDefinition,
  tableKey,
  showCreateTarget,
  sqlOptionPairs,
  topicConfigOf,
  topicOf,
  topicOptionsOf,
  withOptions,
  withoutSessionErrorOptions,
  type CanonicalTable,
  type DdlTarget,
  type TableUse,
} from '#domain';
import { EngineError, SqlGatewayClient, type RowKind } from '#engine';

type EngineRow = { kind: RowKind; fields: unknown[] };
import { CatalogSession, type SessionCatalog, type SessionTable } from './catalog-session';
import { EXAMPLE_WATERMARK } from './examples';
import { TopicAdmin } from './topic-admin';

/**
 * CREATE, ALTER and DROP TABLE: Flink checks the DDL in the prepared session, cflink keeps the
 * result. The definition is read back from SHOW CREATE TABLE (so it is Flink's canonical text),
 * its options are checked against what users may set, and the topic is created or deleted
 * before the change is reported.
 */
@Injectable()
export class CatalogDdl {
  constructor(
    private readonly catalog: CatalogSession,
    private readonly topics: TopicAdmin,
  ) {}

  /** The table a DDL statement acts on, for the data-plane check (DeveloperManage). */
  targetUse(sc: SessionCatalog, target: DdlTarget): TableUse | null {
    const parts = this.resolve(sc, target);
    return {
      table: qualifiedName(parts),
      topicCrn: this.catalog.topicCrn(sc.organizationId, sc.environmentId, sc.databaseId, parts[2]),
      access: 'manage',
    };
  }

  async apply(
    gateway: SqlGatewayClient,
    session: string,
    sc: SessionCatalog,
    row: Statement,
    target: DdlTarget,
  ): Promise<CatalogChange | null> {
    if (target.temporary) {
      throw new EngineError(
        'Temporary tables are not supported: tables live in the environment catalog. Remove TEMPORARY.',
      );
    }
    const parts = this.resolve(sc, target);
    const name = qualifiedName(parts);
    const existing = sc.tables.get(tableKey(parts));
    if (target.op === 'create' && existing) {
      if (target.ifNotExists) return null;
      throw new EngineError(`Table ${name} already exists.`);
    }
    if (target.op !== 'create' && !existing) {
      if (target.ifExists) return null;
      throw new EngineError(`Table ${name} does not exist.`);
    }
    if (existing && target.op === 'alter') await this.restoreUserOptions(gateway, session, row, sc, name, existing);
    await gateway.run(session, target.op === 'create' ? this.withRowtime(row.statement) : row.statement);

    if (target.op === 'drop') {
      await this.topics.remove(existing!.topic);
      return { op: 'drop', databaseId: sc.databaseId, table: parts[2] };
    }
    const shown = await gateway.run(session, `SHOW CREATE TABLE ${name}`);
    const canonical = parseCanonicalTable(String(shown.rows[0]?.fields[0] ?? ''));
    if (!hasSystemRowtime(canonical.body)) {
      throw new EngineError(
        '`$rowtime` is a system column (the Kafka record timestamp): it cannot be dropped or changed. Its watermark can: ALTER TABLE … MODIFY WATERMARK FOR `$rowtime` AS ….',
      );
    }
    const user = existing ? this.userOptions(row, sc, canonical, existing.definition, existing.topic) : canonical;
    const invalid = invalidUserOption(user.options, parts[2]);
    if (invalid) throw new EngineError(invalid);
    const topic = existing?.topic ?? topicOf(sc.databaseId, parts[2]);
    const partitions = bucketsOf(user);
    if (partitions < 1 || partitions > MAX_BUCKETS) {
      throw new EngineError(`A table has 1 to ${MAX_BUCKETS} buckets (its topic's partitions), not ${partitions}.`);
    }
    const config = this.topicConfig(user);
    if (!existing) await this.topics.ensure(topic, partitions, config);
    else await this.topics.configure(topic, config);
    return {
      op: 'put',
      databaseId: sc.databaseId,
      table: parts[2],
      definition: storedDefinition(user),
      topic,
      partitions,
    };
  }

  /**
   * CREATE TABLE … AS SELECT, planned in the session alone: the table takes the query's schema
   * (through a temporary view), its options are checked like any table's and it gets its
   * connector in the session; nothing outside the session changes, so the caller can check the
   * returned INSERT's plan and rights before `provision` creates the topic. A resumed CTAS finds
   * its table already there and only runs the INSERT again, from its savepoint.
   */
  async planCreateAs(
    gateway: SqlGatewayClient,
    session: string,
    sc: SessionCatalog,
    row: Statement,
    target: DdlTarget,
  ): Promise<{ change: CatalogChange | null; insert: string; topicConfig: Record<string, string> }> {
    const split = splitCreateTableAs(row.statement);
    if (!split) throw new EngineError('Could not find the query of this CREATE TABLE … AS statement.');
    if (split.options.startsWith('(')) {
      throw new EngineError('CREATE TABLE … AS takes its columns from the query: remove the column list.');
    }
    const parts = this.resolve(sc, target);
    const name = qualifiedName(parts);
    const view = '`cflink_ctas_query`';
    await gateway.run(session, `CREATE TEMPORARY VIEW ${view} AS ${split.query}`);
    const insert = `INSERT INTO ${name} SELECT * FROM ${view}`;
    const existing = sc.tables.get(tableKey(parts));
    if (existing) {
      if (existing.statementUid === row.uid) return { change: null, insert, topicConfig: {} };
      throw new EngineError(`Table ${name} already exists.`);
    }
    const described = await gateway.run(session, `DESCRIBE ${view}`);
    if (described.rows.some((r) => r.fields[0] === ROWTIME)) {
      throw new EngineError(
        '`$rowtime` is a system column of every table: the query of CREATE TABLE … AS cannot give a column that name. Rename it (`$rowtime` AS event_time).',
      );
    }
    const columns = described.rows.map(
      (r) =>
        `${quoteIdentifier(String(r.fields[0]))} ${String(r.fields[1])}${r.fields[2] === false ? ' NOT NULL' : ''}`,
    );
    await gateway.run(
      session,
      `CREATE TABLE ${name} (${[...columns, ROWTIME_COLUMN, DEFAULT_WATERMARK].join(', ')}) ${split.options}`,
    );
    const shown = await gateway.run(session, `SHOW CREATE TABLE ${name}`);
    const canonical = parseCanonicalTable(String(shown.rows[0]?.fields[0] ?? ''));
    const invalid = invalidUserOption(canonical.options, parts[2]);
    if (invalid) throw new EngineError(invalid);
    const partitions = bucketsOf(canonical);
    if (partitions < 1 || partitions > MAX_BUCKETS) {
      throw new EngineError(`A table has 1 to ${MAX_BUCKETS} buckets (its topic's partitions), not ${partitions}.`);
    }
    const topic = topicOf(sc.databaseId, parts[2]);
    // The session's copy gets the engine's connector, as replayed tables do.
    await gateway.run(session, `DROP TABLE ${name}`);
    await gateway.run(
      session,
      sessionTableDdl(parts, canonical, this.catalog.connector(row, canonical, topic, sc.scan)),
    );
    const change: CatalogChange = {
      op: 'put',
      databaseId: sc.databaseId,
      table: parts[2],
      definition: storedDefinition(canonical),
      topic,
      partitions,
    };
    // The session holds the table now, so the INSERT's plan names a table the session knows.
    sc.tables.set(tableKey(parts), {
      parts,
      topic,
      topicCrn: this.catalog.topicCrn(sc.organizationId, sc.environmentId, sc.databaseId, parts[2]),
      definition: canonical,
      statementUid: row.uid,
    });
    return { change, insert, topicConfig: this.topicConfig(canonical) };
  }

  /** The topic of a planned CTAS table, once every check has passed. */
  async provision(change: CatalogChange | null, topicConfig: Record<string, string>): Promise<void> {
    if (change?.op === 'put') await this.topics.ensure(change.topic, change.partitions, topicConfig);
  }

  /**
   * The rows of SHOW CREATE TABLE with the table's topic options as the broker holds them, so
   * a user sees what took effect (the session's copy of the table has no topic options).
   */
  async showCreate(sc: SessionCatalog, statement: string, rows: EngineRow[]): Promise<EngineRow[]> {
    const target = showCreateTarget(statement);
    const parts = target && resolveName(target, sc.catalog, sc.database);
    if (!parts || rows.length !== 1 || typeof rows[0].fields[0] !== 'string') return rows;
    const shownRow = (shown: string) => [{ ...rows[0], fields: [shown, ...rows[0].fields.slice(1)] }];
    // An example has `$rowtime` as user tables have it, with the examples' own watermark.
    if (parts[0] === EXAMPLES_CATALOG) return shownRow(withoutSystemColumns(rows[0].fields[0], EXAMPLE_WATERMARK));
    const table = sc.tables.get(tableKey(parts));
    if (!table) return rows;
    const options = topicOptionsOf(await this.topics.topicConfig(table.topic));
    return shownRow(withoutSystemColumns(withoutSessionErrorOptions(withOptions(rows[0].fields[0], options))));
  }

  /** The user's CREATE TABLE with the system column `$rowtime` and the default watermark. */
  private withRowtime(sql: string): string {
    try {
      return createTableWithRowtime(sql);
    } catch (e) {
      if (e instanceof RowtimeError) throw new EngineError(e.message);
      throw e;
    }
  }

  private topicConfig(table: CanonicalTable): Record<string, string> {
    const verdict = topicConfigOf(table.options);
    if (!verdict.ok) throw new EngineError(verdict.detail);
    return verdict.config;
  }

  /**
   * A session's table carries only the options its connector takes; the user's other options
   * (topic options, changelog.mode, scan options of upsert tables) are put back before an ALTER,
   * so SET and RESET act on them as on any option.
   */
  private async restoreUserOptions(
    gateway: SqlGatewayClient,
    session: string,
    row: Statement,
    sc: SessionCatalog,
    name: string,
    existing: SessionTable,
  ): Promise<void> {
    const injected = this.catalog.connector(row, existing.definition, existing.topic, sc.scan);
    const hidden = Object.fromEntries(Object.entries(existing.definition.options).filter(([k]) => !(k in injected)));
    if (Object.keys(hidden).length === 0) return;
    await gateway.run(session, `ALTER TABLE ${name} SET (${sqlOptionPairs(hidden)})`);
  }

  /**
   * After an ALTER the session's table carries the engine's connector options too: keep only
   * the options the user set before or changed now, so engine defaults never become user options.
   */
  private userOptions(
    row: Statement,
    sc: SessionCatalog,
    shown: CanonicalTable,
    before: CanonicalTable,
    topic: string,
  ): CanonicalTable {
    const injected = this.catalog.connector(row, before, topic, sc.scan);
    const options = Object.fromEntries(
      Object.entries(shown.options).filter(([k, v]) => k in before.options || !(k in injected) || injected[k] !== v),
    );
    return { ...shown, options, distribution: before.distribution };
  }

  private resolve(sc: SessionCatalog, target: DdlTarget): [string, string, string] {
    const [catalog, database, table] = resolveName(target.name, sc.catalog, sc.database);
    if (catalog === EXAMPLES_CATALOG) {
      throw new EngineError(
        `The ${EXAMPLES_CATALOG} catalog is read-only: create tables in the environment's catalog.`,
      );
    }
    if (catalog !== sc.envCatalog) {
      throw new EngineError(`Catalog '${catalog}' is not this environment's catalog '${sc.envCatalog}'.`);
    }
    if (database !== sc.envDatabase) {
      throw new EngineError(
        `Database '${database}' does not exist in catalog '${sc.envCatalog}': use '${sc.envDatabase}'.`,
      );
    }
    return [catalog, database, table];
  }
}
