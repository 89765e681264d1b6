import type { ServiceAccount } from '#db';
import type { Urls } from '../../common/urls';
import { ts, type Schemas } from '../../common/views';

export function serviceAccountView(sa: ServiceAccount, urls: Urls): Schemas['ServiceAccount'] {
  return {
    api_version: 'iam/v2',
    kind: 'ServiceAccount',
    id: sa.id,
    metadata: {
      self: urls.iam('service-accounts', sa.id),
      resource_name: urls.crn.serviceAccount(sa.organizationId, sa.id),
      created_at: ts(sa.createdAt),
      updated_at: ts(sa.updatedAt),
    },
    display_name: sa.displayName,
    description: sa.description,
  };
}
