import { Injectable } from '@nestjs/common';
import type { ApiKey, Prisma } from '../generated/client.js';
import { PrismaService, type Tx } from '../prisma.service';
import { inOrganization, orNull, type ListArgs } from './tenant-scope';

export type ApiKeyFields = Omit<
  Prisma.ApiKeyUncheckedCreateInput,
  'organizationId' | 'seq' | 'createdAt' | 'updatedAt'
>;
export type ApiKeyUpdate = Pick<Prisma.ApiKeyUpdateInput, 'displayName' | 'description'>;

/** API keys of one organization; every method takes it and every query is filtered by it. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(organizationId: string, args: ListArgs<Prisma.ApiKeyWhereInput>): Promise<ApiKey[]> {
    const { where, ...rest } = args;
    return this.prisma.apiKey.findMany({ where: inOrganization(organizationId, where), ...rest });
  }

  find(organizationId: string, id: string): Promise<ApiKey | null> {
    return this.prisma.apiKey.findFirst({ where: { id, organizationId } });
  }

  create(organizationId: string, fields: ApiKeyFields): Promise<ApiKey> {
    return this.prisma.apiKey.create({ data: { ...fields, organizationId } });
  }

  /** The updated key, or null when the organization has none with this id. */
  update(organizationId: string, id: string, changes: ApiKeyUpdate): Promise<ApiKey | null> {
    return orNull(this.prisma.apiKey.update({ where: { id, organizationId }, data: changes }));
  }

  async delete(tx: Tx, organizationId: string, id: string): Promise<boolean> {
    const { count } = await tx.apiKey.deleteMany({ where: { id, organizationId } });
    return count > 0;
  }

  /** How many Cloud API keys (`resource` "cloud") the organization's principals `owners` hold. */
  countCloudKeys(tx: Tx, organizationId: string, owners: string[]): Promise<number> {
    return tx.apiKey.count({ where: { organizationId, ownerId: { in: owners }, resourceId: 'cloud' } });
  }
}
