import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { BasicStrategy as PassportBasic } from 'passport-http';
import { ApiKeysRepository } from '#db';
import type { Caller } from './caller';
import { verifySecret } from './api-key-secrets';

/** HTTP Basic with an API key as user name and its secret as password. */
@Injectable()
export class BasicStrategy extends PassportStrategy(PassportBasic, 'basic') {
  constructor(private readonly apiKeys: ApiKeysRepository) {
    super();
  }

  /**
   * One query per request: the key and its owner's role bindings (the policy needs both), so
   * a revoked key or binding takes effect on the next request.
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
