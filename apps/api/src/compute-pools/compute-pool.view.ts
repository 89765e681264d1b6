import type { ComputePool } from '#db';
import { flinkRegionId } from '#domain';
import type { Urls } from '../common/urls';
import { ts, type Schemas } from '../common/views';

export function computePoolView(pool: ComputePool, currentCfu: number, urls: Urls): Schemas['ComputePool'] {
  return {
    api_version: 'fcpm/v2',
    kind: 'ComputePool',
    id: pool.id,
    metadata: {
      self: urls.computePool(pool.id),
      resource_name: urls.crn.computePool(
        pool.organizationId,
        pool.environmentId,
        flinkRegionId(pool.cloud, pool.region),
        pool.id,
      ),
      created_at: ts(pool.createdAt),
      updated_at: ts(pool.updatedAt),
    },
    spec: {
      display_name: pool.displayName,
      cloud: pool.cloud,
      region: pool.region,
      max_cfu: pool.maxCfu,
      default_pool: pool.defaultPool,
      enable_ai: pool.enableAi,
      environment: {
        id: pool.environmentId,
        related: urls.environment(pool.environmentId),
        resource_name: urls.crn.environment(pool.organizationId, pool.environmentId),
      },
    },
    status: {
      phase: pool.phase as Schemas['ComputePoolStatus']['phase'],
      current_cfu: currentCfu,
    },
  };
}
