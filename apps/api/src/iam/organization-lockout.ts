import { Injectable } from '@nestjs/common';
import { ApiKeysRepository, OrganizationsRepository, RoleBindingsRepository, type Tx } from '#db';
import { organizationAdministrators } from '#domain';
import { ApiError } from '../common/api-error';

/**
 * Keeps an organization administrable through the API: see `withoutLockout`.
 */
@Injectable()
export class OrganizationLockout {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly roleBindings: RoleBindingsRepository,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  /**
   * Runs `change` (deleting keys, bindings or principals) and keeps it only if the organization
   * can still be administered through the API afterwards: some OrganizationAdmin must still hold a
   * Cloud API key (a Flink region key reaches sql/v1 only). Otherwise 409 with a detail, and the
   * change is rolled back. The organization's row is locked first, so two concurrent deletions of
   * the last two admins' keys cannot both pass.
   */
  withoutLockout<T>(
    organization: { id: string; crn: string },
    what: string,
    change: (tx: Tx) => Promise<T>,
  ): Promise<T> {
    return this.organizations.whileLocked(organization.id, async (tx) => {
      const result = await change(tx);
      const bindings = await this.roleBindings.organizationAdmins(tx, organization.id);
      const admins = organizationAdministrators(bindings, organization.crn);
      const keys = await this.apiKeys.countCloudKeys(tx, organization.id, admins);
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
}
