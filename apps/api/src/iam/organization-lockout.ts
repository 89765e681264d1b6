import type { PrismaService, Tx } from '#db';
import { organizationAdministrators } from '#domain';
import { ApiError } from '../common/api-error';

/**
 * Runs `change` (deleting keys, bindings or principals) and keeps it only if the organization
 * can still be administered through the API afterwards: some OrganizationAdmin must still hold a
 * Cloud API key (a Flink region key reaches sql/v1 only). Otherwise 409 with a detail, and the
 * change is rolled back. The organization's row is locked first, so two concurrent deletions of
 * the last two admins' keys cannot both pass.
 */
export async function withoutLockout<T>(
  prisma: PrismaService,
  organization: { id: string; crn: string },
  what: string,
  change: (tx: Tx) => Promise<T>,
): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM organizations WHERE id = ${organization.id} FOR UPDATE`;
    const result = await change(tx);
    const bindings = await tx.roleBinding.findMany({
      where: { organizationId: organization.id, roleName: 'OrganizationAdmin' },
      select: { principal: true, roleName: true, crnPattern: true },
    });
    const admins = organizationAdministrators(bindings, organization.crn);
    const keys = await tx.apiKey.count({
      where: { organizationId: organization.id, ownerId: { in: admins }, resourceId: 'cloud' },
    });
    if (keys === 0) {
      throw ApiError.conflict(
        `Deleting ${what} would leave no OrganizationAdmin of this organization with a Cloud API key, and a ` +
          'locked-out organization cannot recover through the API. First create a Cloud API key for another ' +
          `OrganizationAdmin, or bind OrganizationAdmin on ${organization.crn} to a principal that has one.`,
        'last_organization_admin',
      );
    }
    return result;
  });
}
