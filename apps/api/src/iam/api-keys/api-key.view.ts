import type { ApiKey } from '#db';
import type { Urls } from '../../common/urls';
import { ts, type Schemas } from '../../common/views';

/** The wire shape of a key; `secret` is passed only by the request that created it. */
export function apiKeyView(key: ApiKey, urls: Urls, secret?: string): Schemas['ApiKey'] {
  const org = key.organizationId;
  const resource: Schemas['ObjectReference'] =
    key.resourceId === 'cloud'
      ? { id: 'cloud', api_version: 'iam/v2', kind: 'Cloud' }
      : key.resourceId.startsWith('lkc-')
        ? {
            id: key.resourceId,
            environment: key.resourceEnvironmentId ?? undefined,
            api_version: 'cmk/v2',
            kind: 'Cluster',
            resource_name: `${urls.crn.environment(org, key.resourceEnvironmentId ?? '')}/cloud-cluster=${key.resourceId}`,
          }
        : {
            id: key.resourceId,
            environment: key.resourceEnvironmentId ?? undefined,
            api_version: 'fcpm/v2',
            kind: 'Region',
            related: urls.region(key.resourceId),
            resource_name: urls.crn.flinkRegion(org, key.resourceEnvironmentId ?? '', key.resourceId),
          };
  return {
    api_version: 'iam/v2',
    kind: 'ApiKey',
    id: key.id,
    metadata: {
      self: urls.iam('api-keys', key.id),
      resource_name: urls.crn.apiKey(org, key.id),
      created_at: ts(key.createdAt),
      updated_at: ts(key.updatedAt),
    },
    spec: {
      ...(secret !== undefined ? { secret } : {}),
      display_name: key.displayName,
      description: key.description,
      owner: {
        id: key.ownerId,
        api_version: 'iam/v2',
        kind: key.ownerId.startsWith('sa-') ? 'ServiceAccount' : 'User',
        related: urls.principal(key.ownerId),
        resource_name: urls.crn.identity(org, key.ownerId),
      },
      resource,
    },
  };
}
