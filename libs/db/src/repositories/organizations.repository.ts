import { Injectable } from '@nestjs/common';
import type { Organization } from '../generated/client.js';
import { PrismaService, type Tx } from '../prisma.service';

/** The caller's own organization row. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The organization; throws (Prisma P2025) when it does not exist. */
  get(organizationId: string): Promise<Organization> {
    return this.prisma.organization.findUniqueOrThrow({ where: { id: organizationId } });
  }

  /** Renames the organization. */
  rename(organizationId: string, displayName: string): Promise<Organization> {
    return this.prisma.organization.update({ where: { id: organizationId }, data: { displayName } });
  }

  /** Runs `work` in one transaction that first locks the organization's row (serializes IAM deletions). */
  whileLocked<T>(organizationId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM organizations WHERE id = ${organizationId}::uuid FOR UPDATE`;
      return work(tx);
    });
  }
}
