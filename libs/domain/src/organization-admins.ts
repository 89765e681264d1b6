import { parseCrn } from './crn';
import { parseCrnPattern, patternCovers } from './crn-pattern';
import { ROLE_ACTIONS, isRoleName, type RoleBindingLike } from './rbac';

/**
 * The principals (`u-…`, `sa-…`) that may administer the organization `organizationCrn`: those
 * holding a role that grants every action (OrganizationAdmin) on a pattern covering it. An
 * organization none of whose administrators can authenticate with a Cloud API key cannot be
 * repaired through the API, so the API refuses changes that would leave it so.
 */
export function organizationAdministrators(bindings: readonly RoleBindingLike[], organizationCrn: string): string[] {
  const organization = parseCrn(organizationCrn);
  const admins = new Set<string>();
  for (const b of bindings) {
    if (!isRoleName(b.roleName) || ROLE_ACTIONS[b.roleName] !== '*' || !b.principal.startsWith('User:')) continue;
    try {
      if (patternCovers(parseCrnPattern(b.crnPattern), organization)) admins.add(b.principal.slice('User:'.length));
    } catch {
      // A malformed stored pattern grants nothing.
    }
  }
  return [...admins];
}
