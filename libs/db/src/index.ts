export * from './prisma.service';
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
} from './generated/client.js';
export * from './outbox';
export * from './repositories/environments.repository';
export * from './repositories/tenant-scope';
export * from './repositories/compute-pools.repository';
export * from './repositories/statements.repository';
