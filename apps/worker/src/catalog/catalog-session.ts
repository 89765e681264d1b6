import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PrismaService, type Statement } from '#db';
import {
  connectorOptions,
  CrnBuilder,
  EXAMPLES_CATALOG,
  EXAMPLES_DATABASE,
  environmentCatalogName,
  initialOffsetScans,
  FLINK_SCRAM_LOGIN_MODULE,
  derivedKafkaPassword,
  insertTargets,
  kafkaClientProperties,
  kafkaClusterIdOf,
  parseCanonicalTable,
  qualifiedName,
  quoteIdentifier,
  resolveName,
  sessionTableDdl,
  tableKey,
  tablesToReplay,
  type CanonicalTable,
  type SqlKind,
  type TranslatedProperties,
} from '#domain';
import { EngineError, SqlGatewayClient } from '#engine';
import { EXAMPLE_TABLES } from './examples';

export interface SessionTable {
  parts: [string, string, string];
  topic: string;
  topicCrn: string;
  definition: CanonicalTable;
  /** The statement that created or last altered it (a resumed CTAS finds its own table). */
  statementUid: string;
}

/** The environment's catalog as PostgreSQL holds it, for one statement's session. */
export interface StoredCatalog {
  /** The environment's catalog (its display name, or id) and its one database (the cluster's name and id). */
  catalog: string;
  database: string;
  databaseId: string;
  /** The stored tables, in creation order. */
  tables: { name: string; definition: string; topic: string; statementUid: string }[];
}

/** What a prepared session knows: its current catalog and database and the tables in them. */
export interface SessionCatalog {
  organizationId: string;
  environmentId: string;
  /** Current catalog and database (`sql.current-catalog`, `sql.current-database`). */
  catalog: string;
  database: string;
  /** The environment's catalog (its display name) and its one database (the cluster's name and id). */
  envCatalog: string;
  envDatabase: string;
  databaseId: string;
  /** The environment's tables by libs/domain tableKey. */
  tables: Map<string, SessionTable>;
  /** The statement's scan options (sql.tables.scan.*), given to every table it reads. */
  scan: Record<string, string>;
}

/**
 * Brings a gateway session to the statement's catalog: the environment as an in-memory Flink
 * catalog whose one database is the environment's Kafka cluster, every table of the catalog
 * (from PostgreSQL) with the engine's connector options, the read-only `examples` catalog, and
 * the current catalog and database from `sql.current-catalog` / `sql.current-database`.
 *
 * Replaying DDL per session keeps Flink stateless about tenants: any gateway of the region can
 * run any statement, and what a statement sees is what PostgreSQL held when it started (running
 * statements keep the definitions they started with, as Confluent's do).
 */
@Injectable()
export class CatalogSession {
  private readonly gateway: SqlGatewayClient;
  private readonly crn: CrnBuilder;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
  ) {
    this.gateway = new SqlGatewayClient(config.engine.sqlGatewayUrl);
    this.crn = new CrnBuilder(config.crnAuthority);
  }

  get clusterName(): string {
    return this.config.engine.kafkaClusterName;
  }

  topicCrn(organizationId: string, environmentId: string, databaseId: string, topic: string): string {
    return `${this.crn.environment(organizationId, environmentId)}/cloud-cluster=${databaseId}/kafka=${databaseId}/topic=${topic}`;
  }

  /**
   * Connector options of a table in this statement's session: the job reaches Kafka as the
   * statement's principal (its broker ACLs mirror its role bindings), reads with the statement's
   * scan options, and its transactional id stays the same across resumes.
   */
  connector(
    row: Pick<Statement, 'transactionalIdPrefix' | 'principal' | 'name' | 'environmentId'>,
    table: CanonicalTable,
    topic: string,
    scan: Readonly<Record<string, string>> = {},
  ): Record<string, string> {
    const password = derivedKafkaPassword(this.config.engine.kafkaCredentialKey, 'principal', row.principal);
    return connectorOptions(
      table,
      topic,
      {
        bootstrapServers: this.config.engine.kafkaBrokers.join(','),
        properties: kafkaClientProperties(row.principal, password, FLINK_SCRAM_LOGIN_MODULE),
      },
      `${row.transactionalIdPrefix}${topic}`,
      scan,
      { name: row.name, clusterId: kafkaClusterIdOf(row.environmentId) },
    );
  }

  /**
   * Per table, where a statement with `sql.tables.initial-offset-from` starts reading: one past
   * the offsets the named statement stopped at. Taken on a start without a savepoint of its own;
   * a resume continues from its savepoint instead.
   */
  async initialOffsets(row: Statement, source: string): Promise<Record<string, Record<string, string>>> {
    const found = await this.prisma.statement.findUnique({
      where: { environmentId_name: { environmentId: row.environmentId, name: source } },
      select: { phase: true, latestOffsets: true },
    });
    const starts = initialOffsetScans(source, found);
    if (!starts.ok) throw new EngineError(starts.detail);
    return starts.scans;
  }

  /**
   * What PostgreSQL holds for a statement's session (the environment's catalog name and tables),
   * read before the session opens: the session is opened already named after them.
   */
  async load(row: Pick<Statement, 'environmentId'>): Promise<StoredCatalog> {
    const databaseId = kafkaClusterIdOf(row.environmentId);
    const [environment, tables] = await Promise.all([
      this.prisma.environment.findUniqueOrThrow({
        where: { id: row.environmentId },
        select: { displayName: true },
      }),
      this.prisma.catalogTable.findMany({
        where: { environmentId: row.environmentId, databaseId },
        orderBy: { seq: 'asc' },
        select: { name: true, definition: true, topic: true, statementUid: true },
      }),
    ]);
    return {
      catalog: environmentCatalogName(environment.displayName, row.environmentId),
      database: this.clusterName,
      databaseId,
      tables,
    };
  }

  /**
   * Options of the session's open request that make its built-in in-memory catalog and database
   * the environment's: they exist, and are current, from the start, which saves the four gateway
   * calls creating and selecting them would cost (and the session has no `default_catalog`).
   */
  static sessionOptions(stored: StoredCatalog): Record<string, string> {
    return { 'table.builtin-catalog-name': stored.catalog, 'table.builtin-database-name': stored.database };
  }

  /**
   * Replays the environment's tables (those `tablesToReplay` gives the statement's kind) into a
   * session opened with `sessionOptions(stored)`. The returned catalog knows every table, replayed
   * or not, for the checks made on the plan. `starts`: per table name, scan options over the
   * statement's own (initialOffsets).
   */
  async prepare(
    session: string,
    stored: StoredCatalog,
    row: Statement,
    kind: SqlKind,
    properties: TranslatedProperties,
    starts: Readonly<Record<string, Record<string, string>>> = {},
  ): Promise<SessionCatalog> {
    const { catalog, database, databaseId } = stored;
    const replayed = tablesToReplay(
      row.statement,
      kind,
      stored.tables.map((t) => t.name),
    );
    const tables = new Map<string, SessionTable>();
    for (const t of stored.tables) {
      const parts: [string, string, string] = [catalog, database, t.name];
      const definition = parseCanonicalTable(`CREATE TABLE ${qualifiedName(parts)} ${t.definition}\n`);
      if (replayed.has(t.name)) {
        try {
          await this.run(
            session,
            sessionTableDdl(
              parts,
              definition,
              this.connector(row, definition, t.topic, { ...properties.tableScan, ...starts[t.name] }),
            ),
          );
        } catch (e) {
          throw new EngineError(
            `Could not restore table ${qualifiedName(parts)} into the session: ${(e as Error).message}`,
          );
        }
      }
      tables.set(tableKey(parts), {
        parts,
        topic: t.topic,
        topicCrn: this.topicCrn(row.organizationId, row.environmentId, databaseId, t.name),
        definition,
        statementUid: t.statementUid,
      });
    }
    // The examples take six gateway calls: only statements that can see them get them.
    if (
      /\bexamples\b/i.test(row.statement) ||
      properties.currentCatalog === EXAMPLES_CATALOG ||
      !/^\s*(INSERT|SELECT|WITH|EXECUTE|BEGIN|CREATE|ALTER|DROP)\b/i.test(row.statement)
    ) {
      await this.prepareExamples(session);
    }

    const wantCatalog = properties.currentCatalog;
    const wantDatabase = properties.currentDatabase;
    let current = catalog;
    if (wantCatalog !== undefined && wantCatalog !== catalog && wantCatalog !== row.environmentId) {
      if (wantCatalog !== EXAMPLES_CATALOG) {
        throw new EngineError(
          `sql.current-catalog '${wantCatalog}' is not a catalog of this environment: use ${catalog === row.environmentId ? '' : `the environment's display name '${catalog}', `}its id '${row.environmentId}' or '${EXAMPLES_CATALOG}'.`,
        );
      }
      current = EXAMPLES_CATALOG;
    }
    let currentDb = current === EXAMPLES_CATALOG ? EXAMPLES_DATABASE : database;
    if (wantDatabase !== undefined) {
      const known = current === EXAMPLES_CATALOG ? [EXAMPLES_DATABASE] : [database, databaseId];
      if (!known.includes(wantDatabase)) {
        throw new EngineError(
          `sql.current-database '${wantDatabase}' is not a database of catalog '${current}': use ${known.map((k) => `'${k}'`).join(' or ')}.`,
        );
      }
      currentDb = current === EXAMPLES_CATALOG ? EXAMPLES_DATABASE : database;
    }
    // The environment's catalog and database are current from the session's open request.
    if (current === EXAMPLES_CATALOG) {
      await this.run(session, `USE CATALOG ${quoteIdentifier(current)}`);
      await this.run(session, `USE ${quoteIdentifier(currentDb)}`);
    }
    return {
      organizationId: row.organizationId,
      environmentId: row.environmentId,
      catalog: current,
      database: currentDb,
      envCatalog: catalog,
      envDatabase: database,
      databaseId,
      tables,
      scan: properties.tableScan,
    };
  }

  /**
   * Fails a statement that writes into `examples`, which Flink would only report as a missing
   * sink (its tables are generated, with no sink).
   */
  refuseExampleWrites(sc: SessionCatalog, statement: string): void {
    for (const name of insertTargets(statement)) {
      const parts = resolveName(name, sc.catalog, sc.database);
      if (parts[0] === EXAMPLES_CATALOG) {
        throw new EngineError(
          `The ${EXAMPLES_CATALOG} catalog is read-only: ${qualifiedName(parts)} cannot be written. Write into a table of the environment's catalog ${quoteIdentifier(sc.envCatalog)}.`,
        );
      }
    }
  }

  /** `examples`.`marketplace`: tables of generated data, with no sink, so writes to them fail. */
  private async prepareExamples(session: string): Promise<void> {
    await this.run(session, `CREATE CATALOG ${EXAMPLES_CATALOG} WITH ('type' = 'generic_in_memory')`);
    await this.run(session, `CREATE DATABASE ${EXAMPLES_CATALOG}.${EXAMPLES_DATABASE}`);
    for (const t of EXAMPLE_TABLES) await this.run(session, t.ddl);
  }

  private async run(session: string, sql: string): Promise<void> {
    await this.gateway.configure(session, sql);
  }
}
