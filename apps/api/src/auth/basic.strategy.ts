import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { BasicStrategy as PassportBasic } from 'passport-http';
import { PrismaService } from '#db';
import type { Caller } from './caller';
import { verifySecret } from './api-key-secrets';

/** HTTP Basic with an API key as user name and its secret as password. */
@Injectable()
export class BasicStrategy extends PassportStrategy(PassportBasic, 'basic') {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async validate(key: string, secret: string): Promise<Caller | false> {
    if (!/^[A-Z0-9]{16}$/.test(key)) return false;
    const row = await this.prisma.apiKey.findUnique({
      where: { id: key },
      select: {
        id: true,
        organizationId: true,
        ownerId: true,
        secretHash: true,
        resourceId: true,
        resourceEnvironmentId: true,
      },
    });
    if (!row || !verifySecret(secret, row.secretHash)) return false;
    return {
      organizationId: row.organizationId,
      principalId: row.ownerId,
      apiKeyId: row.id,
      keyResource: row.resourceId,
      keyEnvironmentId: row.resourceEnvironmentId,
    };
  }
}
