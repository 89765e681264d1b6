import type { Environment } from '#db';
import type { Schemas } from '../common/views';
import { ts } from '../common/views';
import type { Urls } from '../common/urls';

export function environmentView(env: Environment, urls: Urls): Schemas['Environment'] {
  return {
    api_version: 'org/v2',
    kind: 'Environment',
    id: env.id,
    metadata: {
      self: urls.environment(env.id),
      resource_name: urls.crn.environment(env.organizationId, env.id),
      created_at: ts(env.createdAt),
      updated_at: ts(env.updatedAt),
    },
    display_name: env.displayName,
    stream_governance_config: { package: env.streamGovernancePackage as 'ESSENTIALS' | 'ADVANCED' },
  };
}
