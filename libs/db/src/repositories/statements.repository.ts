import { Injectable } from '@nestjs/common';
import type { Prisma, Statement, StatementException, StatementResultRow } from '../generated/client.js';
import type { Tx } from '../prisma.service';
import { TransactionalRepository, inEnvironment, type ListArgs } from './tenant-scope';

export type StatementFields = Omit<Prisma.StatementUncheckedCreateInput, 'organizationId' | 'environmentId'>;
export type StatementChanges = Prisma.StatementUpdateManyMutationInput;

/**
 * Statements of one organization (the API's side: spec, lifecycle requests, results and
 * exceptions). Every method takes the organization, and every query is filtered by it; results
 * and exceptions are read only for a statement of that organization. Methods that take a `tx`
 * run in the caller's transaction (`transaction`).
 */
@Injectable()
export class StatementsRepository extends TransactionalRepository {
  list(
    organizationId: string,
    environmentId: string,
    args: ListArgs<Prisma.StatementWhereInput>,
  ): Promise<Statement[]> {
    const { where, ...rest } = args;
    return this.prisma.statement.findMany({
      where: inEnvironment(organizationId, environmentId, where),
      ...rest,
    });
  }

  find(organizationId: string, environmentId: string, name: string, db: Tx = this.prisma): Promise<Statement | null> {
    return db.statement.findFirst({ where: { environmentId, name, organizationId } });
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
