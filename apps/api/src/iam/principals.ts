import type { PrismaService, Tx } from '#db';
import { principalKind } from '#domain';
import { ApiError } from '../common/api-error';

/** Whether `id` is a user (`u-…`) or service account (`sa-…`) of the organization. */
export async function principalExists(db: PrismaService | Tx, organizationId: string, id: string): Promise<boolean> {
  const kind = principalKind(id);
  if (kind === 'user') return (await db.user.count({ where: { id, organizationId } })) > 0;
  if (kind === 'serviceAccount') return (await db.serviceAccount.count({ where: { id, organizationId } })) > 0;
  return false;
}

/** 422 naming `pointer` unless `id` is a principal of the organization. */
export async function assertPrincipal(
  db: PrismaService | Tx,
  organizationId: string,
  id: string,
  pointer: { pointer?: string; parameter?: string },
): Promise<void> {
  if (!(await principalExists(db, organizationId, id))) {
    throw ApiError.unprocessable(
      `"${id}" is not a user (u-…) or service account (sa-…) of this organization.`,
      pointer,
    );
  }
}
