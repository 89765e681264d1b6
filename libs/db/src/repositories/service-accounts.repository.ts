import { Injectable } from '@nestjs/common';
import type { Prisma, ServiceAccount } from '../generated/client.js';
import { PrismaService, type Tx } from '../prisma.service';
import { SqlService } from '../sql.service';
import { inOrganization, orNull, removePrincipalGrants, type ListArgs } from './tenant-scope';

export type ServiceAccountFields = Pick<Prisma.ServiceAccountUncheckedCreateInput, 'displayName' | 'description'>;

/** A role binding created with a service account (its ResourceOwner). */
export interface OwnerBinding {
  id: string;
  principal: string;
  roleName: string;
  crnPattern: string;
}

/** Service accounts of one organization; every method takes it and every query is filtered by it. */
@Injectable()
export class ServiceAccountsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlService,
  ) {}

  list(organizationId: string, args: ListArgs<Prisma.ServiceAccountWhereInput>): Promise<ServiceAccount[]> {
    const { where, ...rest } = args;
    return this.prisma.serviceAccount.findMany({ where: inOrganization(organizationId, where), ...rest });
  }

  find(organizationId: string, id: string): Promise<ServiceAccount | null> {
    return this.prisma.serviceAccount.findFirst({ where: { id, organizationId } });
  }

  /** In `db`'s transaction when given, else prepared SQL (every statement creation checks its principal). */
  async exists(organizationId: string, id: string, db?: Tx): Promise<boolean> {
    if (db) return (await db.serviceAccount.count({ where: { id, organizationId } })) > 0;
    const rows = await this.sql.rows(
      'service-accounts-exists',
      'SELECT 1 FROM service_accounts WHERE id = $1 AND organization_id = $2',
      [id, organizationId],
    );
    return rows.length > 0;
  }

  /** Creates the account and, in the same transaction, `owner`'s binding on it. */
  create(
    organizationId: string,
    id: string,
    fields: ServiceAccountFields,
    owner?: OwnerBinding,
  ): Promise<ServiceAccount> {
    return this.prisma.$transaction(async (tx) => {
      const sa = await tx.serviceAccount.create({ data: { id, organizationId, ...fields } });
      if (owner) await tx.roleBinding.create({ data: { ...owner, organizationId } });
      return sa;
    });
  }

  /** The updated account, or null when the organization has none with this id. */
  update(organizationId: string, id: string, fields: Partial<ServiceAccountFields>): Promise<ServiceAccount | null> {
    return orNull(this.prisma.serviceAccount.update({ where: { id, organizationId }, data: fields }));
  }

  /**
   * Deletes the account, its API keys and the bindings of `principal` (the account) or on `crn`
   * (its CRN) and below. False when the organization has no such account.
   */
  async delete(tx: Tx, organizationId: string, id: string, principal: string, crn: string): Promise<boolean> {
    await removePrincipalGrants(tx, organizationId, id, principal, crn);
    const { count } = await tx.serviceAccount.deleteMany({ where: { id, organizationId } });
    return count > 0;
  }
}
