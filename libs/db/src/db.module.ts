import { Global, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service';
import { SqlService } from './sql.service';
import { ApiKeysRepository } from './repositories/api-keys.repository';
import { AuditEventsRepository } from './repositories/audit-events.repository';
import { OrganizationsRepository } from './repositories/organizations.repository';
import { RoleBindingsRepository } from './repositories/role-bindings.repository';
import { ServiceAccountsRepository } from './repositories/service-accounts.repository';
import { UsersRepository } from './repositories/users.repository';
import { ComputePoolsRepository } from './repositories/compute-pools.repository';
import { EnvironmentsRepository } from './repositories/environments.repository';
import { StatementsRepository } from './repositories/statements.repository';
import { MetricsRepository } from './repositories/metrics.repository';
import { BillingRepository } from './repositories/billing.repository';
import { NotificationSubscriptionsRepository } from './repositories/notification-subscriptions.repository';

const REPOSITORIES = [
  EnvironmentsRepository,
  ComputePoolsRepository,
  StatementsRepository,
  OrganizationsRepository,
  UsersRepository,
  ServiceAccountsRepository,
  ApiKeysRepository,
  RoleBindingsRepository,
  AuditEventsRepository,
  MetricsRepository,
  BillingRepository,
  NotificationSubscriptionsRepository,
];

@Global()
@Module({
  providers: [PrismaService, SqlService, ...REPOSITORIES],
  exports: [PrismaService, SqlService, ...REPOSITORIES],
})
export class DbModule {}
