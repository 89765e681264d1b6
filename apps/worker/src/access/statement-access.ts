import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PrismaService } from '#db';
import {
  checkDataAccess,
  CrnBuilder,
  normalizeUses,
  principalOf,
  type DataAccessDecision,
  type Subject,
  type TableUse,
} from '#domain';

/**
 * The data-plane half of RBAC, asked by the engine: may a statement's principal read, write or
 * manage the tables it uses? Role bindings are read fresh each time, so a binding created or
 * deleted through the API counts from the next check on.
 */
@Injectable()
export class StatementAccess {
  private readonly crn: CrnBuilder;

  constructor(
    @Inject(CFLINK_CONFIG) config: CflinkConfig,
    private readonly prisma: PrismaService,
  ) {
    this.crn = new CrnBuilder(config.crnAuthority);
  }

  async subjectOf(organizationId: string, principalId: string): Promise<Subject> {
    const bindings = await this.prisma.roleBinding.findMany({
      where: { organizationId, principal: principalOf(principalId) },
      select: { principal: true, roleName: true, crnPattern: true },
    });
    return { principalId, identity: this.crn.identity(organizationId, principalId), bindings };
  }

  /** `subject`: the principal's bindings when already being read (beside the plan), else read now. */
  async check(
    organizationId: string,
    principalId: string,
    uses: readonly TableUse[],
    subject?: Promise<Subject>,
  ): Promise<DataAccessDecision> {
    if (uses.length === 0) return { allowed: true };
    return checkDataAccess(await (subject ?? this.subjectOf(organizationId, principalId)), normalizeUses(uses));
  }
}

/** The exception name a denied statement reports, as Kafka names a missing topic right. */
export const ACCESS_DENIED_EXCEPTION = 'org.apache.kafka.common.errors.TopicAuthorizationException';
