import { Injectable } from '@nestjs/common';
import type { Prisma, User } from '../generated/client.js';
import { PrismaService, type Tx } from '../prisma.service';
import { SqlService } from '../sql.service';
import { inOrganization, orNull, removePrincipalGrants, type ListArgs } from './tenant-scope';

export type UserFields = Pick<Prisma.UserUncheckedCreateInput, 'email' | 'fullName'>;

/** Users of one organization; every method takes it and every query is filtered by it. */
@Injectable()
export class UsersRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlService,
  ) {}

  list(organizationId: string, args: ListArgs<Prisma.UserWhereInput>): Promise<User[]> {
    const { where, ...rest } = args;
    return this.prisma.user.findMany({ where: inOrganization(organizationId, where), ...rest });
  }

  find(organizationId: string, id: string): Promise<User | null> {
    return this.prisma.user.findFirst({ where: { id, organizationId } });
  }

  /** In `db`'s transaction when given, else prepared SQL (every statement creation checks its principal). */
  async exists(organizationId: string, id: string, db?: Tx): Promise<boolean> {
    if (db) return (await db.user.count({ where: { id, organizationId } })) > 0;
    const rows = await this.sql.rows('users-exists', 'SELECT 1 FROM users WHERE id = $1 AND organization_id = $2', [
      id,
      organizationId,
    ]);
    return rows.length > 0;
  }

  create(organizationId: string, id: string, fields: UserFields): Promise<User> {
    return this.prisma.user.create({ data: { id, organizationId, ...fields } });
  }

  /** The updated user, or null when the organization has none with this id. */
  update(organizationId: string, id: string, fields: Pick<UserFields, 'fullName'>): Promise<User | null> {
    return orNull(this.prisma.user.update({ where: { id, organizationId }, data: fields }));
  }

  /**
   * Deletes the user, its API keys and the bindings of `principal` (the user) or on `crn` (its
   * identity CRN) and below. False when the organization has no such user.
   */
  async delete(tx: Tx, organizationId: string, id: string, principal: string, crn: string): Promise<boolean> {
    await removePrincipalGrants(tx, organizationId, id, principal, crn);
    const { count } = await tx.user.deleteMany({ where: { id, organizationId } });
    return count > 0;
  }
}
