import type { RoleBinding } from '#db';
import type { Urls } from '../../common/urls';
import { ts, type Schemas } from '../../common/views';

export function roleBindingView(rb: RoleBinding, urls: Urls): Schemas['RoleBinding'] {
  return {
    api_version: 'iam/v2',
    kind: 'RoleBinding',
    id: rb.id,
    metadata: {
      self: urls.iam('role-bindings', rb.id),
      resource_name: urls.crn.roleBinding(rb.organizationId, rb.id),
      created_at: ts(rb.createdAt),
      updated_at: ts(rb.updatedAt),
    },
    principal: rb.principal,
    role_name: rb.roleName,
    crn_pattern: rb.crnPattern,
  };
}
