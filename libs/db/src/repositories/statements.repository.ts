import { Injectable } from '@nestjs/common';
import type { OutboxCommand } from '#contracts';
import type { ComputePool, Prisma, Statement, StatementException, StatementResultRow } from '../generated/client.js';
import { enqueueCommandSql } from '../outbox';
import { PrismaService, type Tx } from '../prisma.service';
import { COMPUTE_POOL, STATEMENT, STATEMENT_LISTED, type StatementListed } from '../sql-rows';

export type { StatementListed } from '../sql-rows';
import { SqlService } from '../sql.service';
import { TransactionalRepository } from './tenant-scope';

export type StatementFields = Omit<Prisma.StatementUncheckedCreateInput, 'organizationId' | 'environmentId'>;
export type StatementChanges = Prisma.StatementUpdateManyMutationInput;

/** The fields a new statement is created with (the rest take their defaults). */
export type NewStatement = Pick<
  Statement,
  | 'uid'
  | 'name'
  | 'statement'
  | 'computePoolId'
  | 'flinkRegion'
  | 'principal'
  | 'transactionalIdPrefix'
  | 'stopped'
  | 'baselineCfu'
  | 'phase'
  | 'pendingSince'
  | 'detail'
> & { labels: Record<string, string>; properties: Record<string, string> };

/** A statement column matched exactly or, with `prefix`, by its start (a CRN pattern's `*`). */
export interface ColumnMatch {
  column: 'flinkRegion' | 'computePoolId';
  value: string;
  prefix: boolean;
}

/** One page of an environment's statements in seq order. */
export interface StatementPage {
  computePoolId?: string;
  /** Label selector terms, all required: the key present (no value) or equal to `value`. */
  labels?: { key: string; value?: string }[];
  /** Only statements matching every match of one of these; all statements when undefined. */
  visibleIn?: ColumnMatch[][];
  /** Keyset cursor: statements after this seq. */
  afterSeq?: bigint;
  take: number;
}

const MATCH_COLUMN: Record<ColumnMatch['column'], string> = {
  flinkRegion: 'flink_region',
  computePoolId: 'compute_pool_id',
};

/**
 * Statements of one organization (the API's side: spec, lifecycle requests, results and
 * exceptions). Every method takes the organization, and every query is filtered by it; results
 * and exceptions are read only for a statement of that organization. Methods that take a `tx`
 * run in the caller's transaction (`transaction`).
 */
@Injectable()
export class StatementsRepository extends TransactionalRepository {
  constructor(
    prisma: PrismaService,
    private readonly sql: SqlService,
  ) {
    super(prisma);
  }

  /** One page of the environment's statements (index on organization, environment, seq). */
  async list(organizationId: string, environmentId: string, page: StatementPage): Promise<StatementListed[]> {
    const values: unknown[] = [organizationId, environmentId];
    const param = (value: unknown) => `$${values.push(value)}`;
    const where = ['organization_id = $1', 'environment_id = $2'];
    if (page.computePoolId !== undefined) where.push(`compute_pool_id = ${param(page.computePoolId)}`);
    for (const { key, value } of page.labels ?? []) {
      const at = `labels -> ${param(key)}`;
      where.push(
        value === undefined
          ? `${at} IS NOT NULL AND ${at} <> 'null'::jsonb`
          : `${at} = to_jsonb(${param(value)}::text)`,
      );
    }
    if (page.visibleIn) {
      const scopes = page.visibleIn.map((matches) =>
        matches
          .map(({ column, value, prefix }) =>
            prefix
              ? `starts_with(${MATCH_COLUMN[column]}, ${param(value)})`
              : `${MATCH_COLUMN[column]} = ${param(value)}`,
          )
          .concat('TRUE')
          .join(' AND '),
      );
      where.push(`(${scopes.length > 0 ? scopes.join(' OR ') : 'FALSE'})`);
    }
    if (page.afterSeq !== undefined) where.push(`seq > ${param(page.afterSeq)}`);
    const text = `SELECT ${STATEMENT_LISTED.select} FROM statements WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ${param(page.take)}`;
    // Without label or visibility filters the text takes one of four shapes: each is prepared once.
    const plain = (page.labels ?? []).length === 0 && !page.visibleIn;
    const rows = plain
      ? await this.sql.rows<Record<string, unknown>>(
          `statement-list${page.computePoolId !== undefined ? '-pool' : ''}${page.afterSeq !== undefined ? '-after' : ''}`,
          text,
          values,
        )
      : await this.sql.rowsOf<Record<string, unknown>>(text, values);
    return rows.map((r) => STATEMENT_LISTED.row(r));
  }

  /** The statement by its unique name in the environment; in `db`'s transaction when given. */
  async find(organizationId: string, environmentId: string, name: string, db?: Tx): Promise<Statement | null> {
    if (db) return db.statement.findFirst({ where: { environmentId, name, organizationId } });
    const [row] = await this.sql.rows<Record<string, unknown>>(
      'statement-find',
      `SELECT ${STATEMENT.select} FROM statements WHERE environment_id = $1 AND name = $2 AND organization_id = $3`,
      [environmentId, name, organizationId],
    );
    return row ? STATEMENT.row(row) : null;
  }

  /**
   * In one transaction: share-locks the environment's pool `poolId` (so it cannot be deleted
   * before the statement commits), creates the statement `build` makes for it and, when `start`
   * gives one, the scheduler's command. Null, and nothing written, when the environment has no
   * such pool. A duplicate name fails as a unique violation (isUniqueViolation).
   */
  async createOnPool(
    organizationId: string,
    environmentId: string,
    poolId: string,
    build: (pool: ComputePool) => NewStatement,
    start: (row: Statement) => OutboxCommand | null,
  ): Promise<Statement | null> {
    return this.sql.transaction(async (tx) => {
      const { rows: pools } = await tx.query({
        name: 'compute-pool-lock-shared',
        text: `SELECT ${COMPUTE_POOL.select} FROM compute_pools
               WHERE id = $1 AND environment_id = $2 AND organization_id = $3 FOR SHARE`,
        values: [poolId, environmentId, organizationId],
      });
      if (pools.length === 0) return null;
      const f = build(COMPUTE_POOL.row(pools[0] as Record<string, unknown>));
      const { rows } = await tx.query({
        name: 'statement-create',
        text: `INSERT INTO statements (uid, organization_id, environment_id, name, labels, statement, properties,
                 compute_pool_id, flink_region, principal, transactional_id_prefix, stopped, baseline_cfu, phase, detail,
                 pending_since, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, now())
               RETURNING ${STATEMENT.select}`,
        values: [
          f.uid,
          organizationId,
          environmentId,
          f.name,
          JSON.stringify(f.labels),
          f.statement,
          JSON.stringify(f.properties),
          f.computePoolId,
          f.flinkRegion,
          f.principal,
          f.transactionalIdPrefix,
          f.stopped,
          f.baselineCfu,
          f.phase,
          f.detail,
          f.pendingSince,
        ],
      });
      const row = STATEMENT.row(rows[0] as Record<string, unknown>);
      const command = start(row);
      if (command) await enqueueCommandSql(tx, organizationId, command);
      return row;
    });
  }

  create(tx: Tx, organizationId: string, environmentId: string, fields: StatementFields): Promise<Statement> {
    return tx.statement.create({ data: { ...fields, organizationId, environmentId } });
  }

  /** Applies `changes` if the statement is still at `resourceVersion`; false otherwise (or when not found). */
  async updateAtVersion(
    tx: Tx,
    organizationId: string,
    uid: string,
    resourceVersion: number,
    changes: StatementChanges,
  ): Promise<boolean> {
    const { count } = await tx.statement.updateMany({ where: { uid, organizationId, resourceVersion }, data: changes });
    return count > 0;
  }

  async update(tx: Tx, organizationId: string, uid: string, changes: StatementChanges): Promise<boolean> {
    const { count } = await tx.statement.updateMany({ where: { uid, organizationId }, data: changes });
    return count > 0;
  }

  async delete(tx: Tx, organizationId: string, uid: string): Promise<boolean> {
    const { count } = await tx.statement.deleteMany({ where: { uid, organizationId } });
    return count > 0;
  }

  /**
   * Deletes the statement with its results and exceptions if it is still as `seen` (phase,
   * dispatch, start claim and job): false when it changed meanwhile or is gone.
   */
  async removeIfUnchanged(tx: Tx, organizationId: string, seen: Statement): Promise<boolean> {
    const { count } = await tx.statement.deleteMany({
      where: {
        uid: seen.uid,
        organizationId,
        phase: seen.phase,
        dispatched: seen.dispatched,
        startToken: seen.startToken,
        startSettled: seen.startSettled,
        flinkJobId: seen.flinkJobId,
      },
    });
    if (count === 0) return false;
    await tx.statementResultRow.deleteMany({ where: { statementUid: seen.uid } });
    await tx.statementException.deleteMany({ where: { statementUid: seen.uid } });
    return true;
  }

  /** Locks and returns the pool's statements that are not stopped, completed or being deleted. */
  async lockActiveOnPool(tx: Tx, organizationId: string, computePoolId: string): Promise<Statement[]> {
    const rows = await tx.$queryRaw<{ uid: string }[]>`
      SELECT uid FROM statements
      WHERE compute_pool_id = ${computePoolId} AND organization_id = ${organizationId}::uuid
        AND NOT stopped AND phase NOT IN ('COMPLETED', 'DELETING')
      FOR UPDATE`;
    if (rows.length === 0) return [];
    return tx.statement.findMany({ where: { organizationId, uid: { in: rows.map((r) => r.uid) } } });
  }

  /** Up to `take` result rows after `after`, oldest first; none for another organization's statement. */
  async results(organizationId: string, uid: string, after: bigint, take: number): Promise<StatementResultRow[]> {
    if (!(await this.owns(organizationId, uid))) return [];
    return this.prisma.statementResultRow.findMany({
      where: { statementUid: uid, seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take,
    });
  }

  /**
   * Records that a client read the results up to `lastSeq` (keeps a foreground query alive and
   * lets its worker fetch more); not a change of the statement, so its version stays.
   */
  async markResultsRead(organizationId: string, uid: string, lastSeq: bigint): Promise<void> {
    await this.prisma.$executeRaw`UPDATE statements SET results_read_at = now(),
      results_read_seq = GREATEST(results_read_seq, ${lastSeq})
      WHERE uid = ${uid}::uuid AND organization_id = ${organizationId}::uuid`;
  }

  /** The `take` newest exceptions; none for another organization's statement. */
  async exceptions(organizationId: string, uid: string, take: number): Promise<StatementException[]> {
    if (!(await this.owns(organizationId, uid))) return [];
    return this.prisma.statementException.findMany({ where: { statementUid: uid }, orderBy: { id: 'desc' }, take });
  }

  private async owns(organizationId: string, uid: string): Promise<boolean> {
    return (await this.prisma.statement.count({ where: { uid, organizationId } })) > 0;
  }
}
