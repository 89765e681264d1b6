import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { BasicStrategy as PassportBasic } from 'passport-http';
import { PrismaService } from '#db';
import type { RoleBindingLike } from '#domain';
import type { Caller } from './caller';
import { verifySecret } from './api-key-secrets';

/** HTTP Basic with an API key as user name and its secret as password. */
@Injectable()
export class BasicStrategy extends PassportStrategy(PassportBasic, 'basic') {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  /**
   * One query per request: the key and its owner's role bindings (the policy needs both), so
   * a revoked key or binding takes effect on the next request.
   */
  async validate(key: string, secret: string): Promise<Caller | false> {
    if (!/^[A-Z0-9]{16}$/.test(key)) return false;
    const [row] = await this.prisma.$queryRaw<KeyRow[]>`
      SELECT k.id, k.organization_id, k.owner_id, k.secret_hash, k.resource_id, k.resource_environment_id,
             COALESCE(json_agg(json_build_object('principal', b.principal, 'roleName', b.role_name,
                                                 'crnPattern', b.crn_pattern))
                      FILTER (WHERE b.id IS NOT NULL), '[]') AS bindings
      FROM api_keys k
      LEFT JOIN role_bindings b ON b.organization_id = k.organization_id AND b.principal = 'User:' || k.owner_id
      WHERE k.id = ${key}
      GROUP BY k.id`;
    if (!row || !verifySecret(secret, row.secret_hash)) return false;
    // A Kafka cluster key authenticates against its cluster's broker only (SASL/SCRAM), not here.
    if (row.resource_id.startsWith('lkc-')) return false;
    return {
      organizationId: row.organization_id,
      principalId: row.owner_id,
      apiKeyId: row.id,
      keyResource: row.resource_id,
      keyEnvironmentId: row.resource_environment_id,
      bindings: row.bindings,
    };
  }
}

interface KeyRow {
  id: string;
  organization_id: string;
  owner_id: string;
  secret_hash: string;
  resource_id: string;
  resource_environment_id: string | null;
  bindings: RoleBindingLike[];
}
