import type { User } from '#db';
import type { Urls } from '../../common/urls';
import { ts, type Schemas } from '../../common/views';

export function userView(user: User, urls: Urls): Schemas['User'] {
  return {
    api_version: 'iam/v2',
    kind: 'User',
    id: user.id,
    metadata: {
      self: urls.iam('users', user.id),
      resource_name: urls.crn.user(user.organizationId, user.id),
      created_at: ts(user.createdAt),
      updated_at: ts(user.updatedAt),
    },
    email: user.email,
    full_name: user.fullName,
    auth_type: 'AUTH_TYPE_LOCAL',
  };
}
