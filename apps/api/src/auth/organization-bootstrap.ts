import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  CFLINK_CONFIG,
  ConfigError,
  isLoopbackHost,
  LOCAL_BOOTSTRAP_KEY,
  LOCAL_BOOTSTRAP_SECRET,
  type CflinkConfig,
} from '#config';
import { PrismaService, type Tx } from '#db';
import { CrnBuilder, newId, principalOf } from '#domain';
import { hashSecret, verifySecret } from './api-key-secrets';

export interface OrganizationSeed {
  organizationName: string;
  adminEmail: string;
  apiKey: string;
  apiSecret: string;
}

export interface SeededOrganization {
  organizationId: string;
  adminUserId: string;
  apiKey: string;
}

/**
 * Makes sure an organization with an admin user, an API key and the admin's OrganizationAdmin
 * binding exists. On start the API seeds the one named by configuration (CFLINK_BOOTSTRAP_*);
 * the same path serves operators and tests that need further organizations. Idempotent: keyed
 * by the API key id; organizations seeded before role bindings existed get the binding on start.
 */
@Injectable()
export class OrganizationBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('OrganizationBootstrap');

  constructor(
    private readonly prisma: PrismaService,
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.bootstrap) {
      const seeded = await this.ensure(this.config.bootstrap);
      this.logger.log(
        `organization ${seeded.organizationId} ready; admin ${seeded.adminUserId}, API key ${seeded.apiKey}`,
      );
    }
    await this.refuseLocalKeyBeyondLoopback();
  }

  /**
   * A database first used locally may still hold the documented key with the documented secret
   * (configuration no longer names it, so `ensure` did not rotate it): refuse to serve it
   * beyond loopback, as configuration holding that secret is refused.
   */
  private async refuseLocalKeyBeyondLoopback(): Promise<void> {
    if (isLoopbackHost(this.config.host)) return;
    const key = await this.prisma.apiKey.findUnique({ where: { id: LOCAL_BOOTSTRAP_KEY } });
    if (key && verifySecret(LOCAL_BOOTSTRAP_SECRET, key.secretHash)) {
      throw new ConfigError(
        `API key ${LOCAL_BOOTSTRAP_KEY} still has the documented local secret and CFLINK_HOST "${this.config.host}" is not a loopback address; ` +
          `start once with CFLINK_BOOTSTRAP_API_KEY=${LOCAL_BOOTSTRAP_KEY} and a CFLINK_BOOTSTRAP_API_SECRET of your own to rotate it, or delete the key`,
      );
    }
  }

  async ensure(seed: OrganizationSeed): Promise<SeededOrganization> {
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.apiKey.findUnique({ where: { id: seed.apiKey } });
      if (existing) {
        // Configuration is the authority for the bootstrap key: follow a changed secret.
        if (!verifySecret(seed.apiSecret, existing.secretHash)) {
          await tx.apiKey.update({ where: { id: existing.id }, data: { secretHash: hashSecret(seed.apiSecret) } });
        }
        await this.ensureAdminBinding(tx, existing.organizationId, existing.ownerId);
        return { organizationId: existing.organizationId, adminUserId: existing.ownerId, apiKey: existing.id };
      }
      const organizationId = randomUUID();
      const adminUserId = newId('user');
      await tx.organization.create({ data: { id: organizationId, displayName: seed.organizationName } });
      await tx.user.create({
        data: { id: adminUserId, organizationId, email: seed.adminEmail, fullName: 'Organization admin' },
      });
      await tx.apiKey.create({
        data: {
          id: seed.apiKey,
          organizationId,
          ownerId: adminUserId,
          secretHash: hashSecret(seed.apiSecret),
          displayName: 'bootstrap',
          description: 'Created from CFLINK_BOOTSTRAP_API_KEY at first start',
        },
      });
      await this.ensureAdminBinding(tx, organizationId, adminUserId);
      return { organizationId, adminUserId, apiKey: seed.apiKey };
    });
  }

  private async ensureAdminBinding(tx: Tx, organizationId: string, userId: string): Promise<void> {
    const binding = {
      organizationId,
      principal: principalOf(userId),
      roleName: 'OrganizationAdmin',
      crnPattern: new CrnBuilder(this.config.crnAuthority).organization(organizationId),
    };
    if (await tx.roleBinding.findFirst({ where: binding })) return;
    await tx.roleBinding.create({ data: { id: newId('roleBinding'), ...binding } });
  }
}
