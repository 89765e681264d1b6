import { Injectable } from '@nestjs/common';
import type { Prisma, RoleBinding } from '../generated/client.js';
import { PrismaService, type Tx } from '../prisma.service';
import { inOrganization } from './tenant-scope';

export type RoleBindingFields = Pick<Prisma.RoleBindingUncheckedCreateInput, 'principal' | 'roleName' | 'crnPattern'>;

/** Role bindings of one organization; every method takes it and every query is filtered by it. */
@Injectable()
export class RoleBindingsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Up to `take` bindings matching `where`, in seq order. */
  list(organizationId: string, where: Prisma.RoleBindingWhereInput, take: number): Promise<RoleBinding[]> {
    return this.prisma.roleBinding.findMany({
      where: inOrganization(organizationId, where),
      orderBy: { seq: 'asc' },
      take,
    });
  }

  find(organizationId: string, id: string): Promise<RoleBinding | null> {
    return this.prisma.roleBinding.findFirst({ where: { id, organizationId } });
  }

  create(organizationId: string, id: string, fields: RoleBindingFields): Promise<RoleBinding> {
    return this.prisma.roleBinding.create({ data: { id, organizationId, ...fields } });
  }

  async delete(organizationId: string, id: string, db: Tx = this.prisma): Promise<boolean> {
    const { count } = await db.roleBinding.deleteMany({ where: { id, organizationId } });
    return count > 0;
  }

  /** The organization's OrganizationAdmin bindings (the lockout check reads them). */
  organizationAdmins(tx: Tx, organizationId: string) {
    return tx.roleBinding.findMany({
      where: { organizationId, roleName: 'OrganizationAdmin' },
      select: { principal: true, roleName: true, crnPattern: true },
    });
  }
}
