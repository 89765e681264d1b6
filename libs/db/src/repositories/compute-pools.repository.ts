import { Injectable } from '@nestjs/common';
import type { ComputePool, Prisma, StatementPhase } from '../generated/client.js';
import { PrismaService, type Tx } from '../prisma.service';
import { COMPUTE_POOL } from '../sql-rows';
import { SqlService } from '../sql.service';
import { TransactionalRepository, inEnvironment, orNull, type ListArgs } from './tenant-scope';

export type PoolFields = Pick<Prisma.ComputePoolUncheckedCreateInput, 'displayName' | 'maxCfu' | 'defaultPool'>;

/** A cloud and region as stored on a pool (`AWS`, `us-east-1`). */
export interface PoolRegion {
  cloud: string;
  region: string;
}

/**
 * Compute pools of one organization's environments. Every method takes the organization (and
 * the environment where a pool is looked up), and every query is filtered by it. Methods that
 * take a `tx` run in the caller's transaction (`transaction`); the others default to it.
 */
@Injectable()
export class ComputePoolsRepository extends TransactionalRepository {
  constructor(
    prisma: PrismaService,
    private readonly sql: SqlService,
  ) {
    super(prisma);
  }

  list(
    organizationId: string,
    environmentId: string,
    args: ListArgs<Prisma.ComputePoolWhereInput>,
  ): Promise<ComputePool[]> {
    const { where, ...rest } = args;
    return this.prisma.computePool.findMany({
      where: inEnvironment(organizationId, environmentId, where),
      ...rest,
    });
  }

  /** In `db`'s transaction when given, else prepared SQL (statement creation authorizes on the pool). */
  async find(organizationId: string, environmentId: string, id: string, db?: Tx): Promise<ComputePool | null> {
    if (db) return db.computePool.findFirst({ where: { id, environmentId, organizationId } });
    const [row] = await this.sql.rows<Record<string, unknown>>(
      'compute-pool-find',
      `SELECT ${COMPUTE_POOL.select} FROM compute_pools WHERE id = $1 AND environment_id = $2 AND organization_id = $3`,
      [id, environmentId, organizationId],
    );
    return row ? COMPUTE_POOL.row(row) : null;
  }

  /** The environment's default pool in `region` (other than `except`), if any. */
  findDefault(
    organizationId: string,
    environmentId: string,
    region: PoolRegion,
    db: Tx = this.prisma,
    except?: string,
  ): Promise<ComputePool | null> {
    return db.computePool.findFirst({
      where: {
        organizationId,
        environmentId,
        cloud: region.cloud,
        region: region.region,
        defaultPool: true,
        ...(except ? { id: { not: except } } : {}),
      },
    });
  }

  /** Locks the environment's row, serializing pool creation in it (quota, one default per region). */
  async lockEnvironment(tx: Tx, organizationId: string, environmentId: string): Promise<void> {
    await tx.$queryRaw`SELECT id FROM environments
      WHERE id = ${environmentId} AND organization_id = ${organizationId}::uuid FOR UPDATE`;
  }

  count(tx: Tx, organizationId: string, environmentId: string): Promise<number> {
    return tx.computePool.count({ where: { organizationId, environmentId } });
  }

  create(
    tx: Tx,
    organizationId: string,
    environmentId: string,
    id: string,
    region: PoolRegion,
    fields: PoolFields,
  ): Promise<ComputePool> {
    return tx.computePool.create({
      data: { id, organizationId, environmentId, cloud: region.cloud, region: region.region, ...fields },
    });
  }

  /** Locks the pool's row for an update or deletion; false when the organization has no such pool. */
  async lock(tx: Tx, organizationId: string, id: string): Promise<boolean> {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM compute_pools
      WHERE id = ${id} AND organization_id = ${organizationId}::uuid FOR UPDATE`;
    return rows.length > 0;
  }

  /** The environment's pool, share-locked so it cannot be deleted before `tx` commits; null if none. */
  async lockShared(tx: Tx, organizationId: string, environmentId: string, id: string): Promise<ComputePool | null> {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM compute_pools
      WHERE id = ${id} AND environment_id = ${environmentId} AND organization_id = ${organizationId}::uuid
      FOR SHARE`;
    return rows.length > 0 ? this.find(organizationId, environmentId, id, tx) : null;
  }

  /** The updated pool, or null when the organization has none with this id. */
  update(tx: Tx, organizationId: string, id: string, fields: Partial<PoolFields>): Promise<ComputePool | null> {
    return orNull(tx.computePool.update({ where: { id, organizationId }, data: fields }));
  }

  async delete(tx: Tx, organizationId: string, id: string): Promise<boolean> {
    const { count } = await tx.computePool.deleteMany({ where: { id, organizationId } });
    return count > 0;
  }

  /** CFUs in use per pool of the organization: the sum of its statements' CFUs in `phases`. */
  async currentCfu(
    organizationId: string,
    poolIds: string[],
    phases: readonly StatementPhase[],
  ): Promise<Map<string, number>> {
    if (poolIds.length === 0) return new Map();
    const sums = await this.prisma.statement.groupBy({
      by: ['computePoolId'],
      where: { organizationId, computePoolId: { in: poolIds }, phase: { in: [...phases] } },
      _sum: { cfu: true },
    });
    return new Map(sums.map((s) => [s.computePoolId, s._sum.cfu ?? 0]));
  }
}
