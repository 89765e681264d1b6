import { Prisma } from '../generated/client.js';

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

/** The result of `write`, or null when the row it targets does not exist (Prisma P2025). */
export async function orNull<T>(write: Promise<T>): Promise<T | null> {
  try {
    return await write;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2025') return null;
    throw e;
  }
}
