export * from './prisma.service';
export * from './sql.service';
export * from './db.module';
export { Prisma } from './generated/client.js';
export type {
  Organization,
  User,
  ServiceAccount,
  ApiKey,
  Environment,
  ComputePool,
  Statement,
  OutboxCommand,
  RoleBinding,
  NotificationSubscription,
  NotificationDelivery,
} from './generated/client.js';
export * from './outbox';
export * from './repositories/environments.repository';
export * from './repositories/tenant-scope';
export * from './repositories/compute-pools.repository';
export * from './repositories/statements.repository';
export * from './repositories/organizations.repository';
export * from './repositories/users.repository';
export * from './repositories/service-accounts.repository';
export * from './repositories/api-keys.repository';
export * from './repositories/role-bindings.repository';
export * from './repositories/audit-events.repository';
export * from './repositories/metrics.repository';
export * from './repositories/billing.repository';
export * from './repositories/notification-subscriptions.repository';
