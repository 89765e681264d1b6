import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { Prisma, PrismaClient } from './generated/client.js';
import { isSqlUniqueViolation } from './sql.service';

/** The control plane's PostgreSQL client (Prisma over node-postgres). */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(CFLINK_CONFIG) config: CflinkConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.databaseUrl, max: 10 }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

export type Tx = Prisma.TransactionClient;

/**
 * True when the database could not take the work in time (Prisma P2028: no connection for an
 * interactive transaction within its wait): an overload to answer with 503 and a retry, not a bug.
 */
export function isDatabaseBusy(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2028';
}

/** True when `error` is a unique-constraint violation (Prisma P2002, or 23505 from SqlService). */
export function isUniqueViolation(error: unknown): boolean {
  return (
    (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') || isSqlUniqueViolation(error)
  );
}

/** True when `error` is a unique-constraint violation of a constraint that covers `column`. */
export function isUniqueViolationOn(error: unknown, column: string): boolean {
  if (!isUniqueViolation(error)) return false;
  const meta = (error as Prisma.PrismaClientKnownRequestError).meta as
    { target?: string[] | string; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } | undefined;
  const fields = meta?.driverAdapterError?.cause?.constraint?.fields ?? [meta?.target ?? []].flat();
  return fields.includes(column);
}
