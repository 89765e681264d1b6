import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/client.js';
import { PrismaService, type Tx } from '../prisma.service';

/** Rows a page query adds to a list: keyset filter, order and size (see apps/api/src/common/pagination.ts). */
export interface ListArgs<Where> {
  where?: Where;
  orderBy: { seq: 'asc' };
  take: number;
}

/**
 * `where` confined to one organization. The caller's filter is ANDed with the organization, so
 * no filter it passes (an `OR` naming another organization's row included) can widen it.
 */
export function inOrganization<Where>(organizationId: string, where?: Where): Where {
  return { AND: [where ?? {}, { organizationId }] } as Where;
}

/** `where` confined to one environment of one organization (see `inOrganization`). */
export function inEnvironment<Where>(organizationId: string, environmentId: string, where?: Where): Where {
  return { AND: [where ?? {}, { organizationId, environmentId }] } as Where;
}

/** The result of `write`, or null when the row it targets does not exist (Prisma P2025). */
export async function orNull<T>(write: Promise<T>): Promise<T | null> {
  try {
    return await write;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2025') return null;
    throw e;
  }
}

/**
 * Removes what a principal being deleted holds: its API keys (they stop working at once) and the
 * role bindings of `principal` (`User:<id>`) or on `crn` (its identity CRN) and below.
 */
export async function removePrincipalGrants(
  tx: Tx,
  organizationId: string,
  id: string,
  principal: string,
  crn: string,
): Promise<void> {
  await tx.apiKey.deleteMany({ where: { organizationId, ownerId: id } });
  await tx.roleBinding.deleteMany({
    where: { organizationId, OR: [{ principal }, { crnPattern: crn }, { crnPattern: { startsWith: `${crn}/` } }] },
  });
}

/** Base of repositories whose callers group several of their calls in one transaction. */
@Injectable()
export abstract class TransactionalRepository {
  constructor(protected readonly prisma: PrismaService) {}

  /** Runs `work` in one transaction; pass its `tx` to the methods that take one. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }
}
