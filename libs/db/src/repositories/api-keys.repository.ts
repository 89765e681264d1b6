import { Injectable } from '@nestjs/common';
import type { ApiKey, Prisma } from '../generated/client.js';
import { PrismaService, type Tx } from '../prisma.service';
import { SqlService } from '../sql.service';
import { inOrganization, orNull, type ListArgs } from './tenant-scope';

export type ApiKeyFields = Omit<
  Prisma.ApiKeyUncheckedCreateInput,
  'organizationId' | 'seq' | 'createdAt' | 'updatedAt'
>;
export type ApiKeyUpdate = Pick<Prisma.ApiKeyUpdateInput, 'displayName' | 'description'>;

/** A key as authentication needs it: its organization, owner, scope, hash and the owner's role bindings. */
export interface PresentedKey {
  id: string;
  organizationId: string;
  ownerId: string;
  secretHash: string;
  resourceId: string;
  resourceEnvironmentId: string | null;
  bindings: { principal: string; roleName: string; crnPattern: string }[];
}

/** API keys of one organization; every method takes it and every query is filtered by it. */
@Injectable()
export class ApiKeysRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlService,
  ) {}

  /**
   * The key with this id in whichever organization holds it (authentication comes before any
   * tenant is known) and its owner's role bindings, in one prepared query on every request, so a
   * deleted key or binding takes effect on the next one.
   */
  async authenticate(id: string): Promise<PresentedKey | null> {
    const [row] = await this.sql.rows<PresentedKey>(
      'api-key-authenticate',
      `SELECT k.id, k.organization_id AS "organizationId", k.owner_id AS "ownerId", k.secret_hash AS "secretHash",
              k.resource_id AS "resourceId", k.resource_environment_id AS "resourceEnvironmentId",
              COALESCE(json_agg(json_build_object('principal', b.principal, 'roleName', b.role_name,
                                                  'crnPattern', b.crn_pattern))
                       FILTER (WHERE b.id IS NOT NULL), '[]') AS bindings
       FROM api_keys k
       LEFT JOIN role_bindings b ON b.organization_id = k.organization_id AND b.principal = 'User:' || k.owner_id
       WHERE k.id = $1
       GROUP BY k.id`,
      [id],
    );
    return row ?? null;
  }

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
