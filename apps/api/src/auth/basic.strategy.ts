import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { BasicStrategy as PassportBasic } from 'passport-http';
import type { Caller } from './caller';
import { ApiKeyCache } from './api-key-cache';
import { verifySecret } from './api-key-secrets';

/** HTTP Basic with an API key as user name and its secret as password. */
@Injectable()
export class BasicStrategy extends PassportStrategy(PassportBasic, 'basic') {
  constructor(private readonly apiKeys: ApiKeyCache) {
    super();
  }

  /**
   * The key and its owner's role bindings (the policy needs both) in one query, reused for a
   * moment (ApiKeyCache: a change through this process applies on the next request).
   */
  async validate(key: string, secret: string): Promise<Caller | false> {
    if (!/^[A-Z0-9]{16}$/.test(key)) return false;
    const row = await this.apiKeys.authenticate(key);
    if (!row || !verifySecret(secret, row.secretHash)) return false;
    // A Kafka cluster key authenticates against its cluster's broker only (SASL/SCRAM), not here.
    if (row.resourceId.startsWith('lkc-')) return false;
    return {
      organizationId: row.organizationId,
      principalId: row.ownerId,
      apiKeyId: row.id,
      keyResource: row.resourceId,
      keyEnvironmentId: row.resourceEnvironmentId,
      bindings: row.bindings,
    };
  }
}
