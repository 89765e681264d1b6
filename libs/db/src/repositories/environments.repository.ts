import { Injectable } from '@nestjs/common';
import { Prisma, type Environment } from '../generated/client.js';
import type { OutboxCommand } from '#contracts';
import { enqueueCommand } from '../outbox';
import { PrismaService } from '../prisma.service';
import { ENVIRONMENT } from '../sql-rows';
import { SqlService } from '../sql.service';
import { inOrganization, orNull, type ListArgs } from './tenant-scope';

export type EnvironmentFields = Pick<Prisma.EnvironmentUncheckedCreateInput, 'displayName' | 'streamGovernancePackage'>;

/** `deleted`, `missing` (no such environment in the organization), or what it still holds. */
export type EmptyDeletion = 'deleted' | 'missing' | { pools: number; statements: number };

/**
 * Environments of one organization. Every method takes the organization, and every query is
 * filtered by it, so no caller can read or write another organization's environment by id.
 */
@Injectable()
export class EnvironmentsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlService,
  ) {}

  list(organizationId: string, args: ListArgs<Prisma.EnvironmentWhereInput>): Promise<Environment[]> {
    const { where, ...rest } = args;
    return this.prisma.environment.findMany({ where: inOrganization(organizationId, where), ...rest });
  }

  /** Prepared SQL: every statement request looks its environment up. */
  async find(organizationId: string, id: string): Promise<Environment | null> {
    const [row] = await this.sql.rows<Record<string, unknown>>(
      'environment-find',
      `SELECT ${ENVIRONMENT.select} FROM environments WHERE id = $1 AND organization_id = $2`,
      [id, organizationId],
    );
    return row ? ENVIRONMENT.row(row) : null;
  }

  create(organizationId: string, id: string, fields: EnvironmentFields): Promise<Environment> {
    return this.prisma.environment.create({ data: { id, organizationId, ...fields } });
  }

  /** The updated environment, or null when the organization has none with this id. */
  update(organizationId: string, id: string, fields: Partial<EnvironmentFields>): Promise<Environment | null> {
    return orNull(this.prisma.environment.update({ where: { id, organizationId }, data: fields }));
  }

  /**
   * Deletes the environment when it holds no compute pools or statements, and in the same
   * transaction what it leaves behind: its catalog tables, the role bindings on or inside `crn`
   * (its CRN), its Flink region API keys, and `commands` for the scheduler. A pool or statement
   * created concurrently makes the deletion fail on the foreign key (Prisma P2003).
   */
  deleteIfEmpty(
    organizationId: string,
    id: string,
    crn: string,
    commands: Omit<Extract<OutboxCommand, { command: 'PurgeEnvironment' }>, 'subjectId'>[],
  ): Promise<EmptyDeletion> {
    return this.prisma.$transaction(async (tx): Promise<EmptyDeletion> => {
      const env = { environmentId: id, environment: { organizationId } };
      const [pools, statements] = await Promise.all([
        tx.computePool.count({ where: env }),
        tx.statement.count({ where: env }),
      ]);
      if (pools > 0 || statements > 0) return { pools, statements };
      const gone = await tx.environment.deleteMany({ where: { id, organizationId } });
      if (gone.count === 0) return 'missing';
      await tx.catalogTable.deleteMany({ where: { environmentId: id } });
      await tx.roleBinding.deleteMany({
        where: { organizationId, OR: [{ crnPattern: crn }, { crnPattern: { startsWith: `${crn}/` } }] },
      });
      await tx.apiKey.deleteMany({ where: { organizationId, resourceEnvironmentId: id } });
      for (const command of commands) await enqueueCommand(tx, organizationId, { ...command, subjectId: id });
      return 'deleted';
    });
  }
}
