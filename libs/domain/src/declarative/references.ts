import { kafkaClusterIdOf } from '../catalog-names';
import { flinkRegionId } from '../crn';
import type { LiveState } from './live-state';
import { isPrincipalId, type Stack, type StackRoleBinding } from './stack-schema';

/**
 * References between the stack's resources, resolved against the live state: keys to server ids,
 * and role bindings to the CRN patterns the server stores.
 */

/** Ids of the stack's resources that exist on the server (undefined: created by this apply). */
export interface ResolvedIds {
  environment(key: string): string | undefined;
  computePool(key: string): string | undefined;
  serviceAccount(key: string): string | undefined;
}

export function resolveIds(stack: Stack, live: LiveState): ResolvedIds {
  const env = (key: string) => {
    const name = stack.environments[key]?.display_name ?? key;
    return live.environments.find((e) => e.display_name === name)?.id;
  };
  return {
    environment: env,
    computePool: (key) => {
      const pool = stack.compute_pools[key];
      const envId = pool && env(pool.environment);
      const name = pool?.display_name ?? key;
      return envId
        ? live.computePools.find((p) => p.environment_id === envId && p.display_name === name)?.id
        : undefined;
    },
    serviceAccount: (key) => {
      const name = stack.service_accounts[key]?.display_name ?? key;
      return live.serviceAccounts.find((s) => s.display_name === name)?.id;
    },
  };
}

/** A principal reference: an id as written, or the id of the stack's service account. */
export function principalId(ref: string, ids: ResolvedIds): string | undefined {
  return isPrincipalId(ref) ? ref : ids.serviceAccount(ref);
}

/** The CRN pattern a binding's `on` means, or undefined while what it names does not exist yet. */
export function bindingCrn(
  rb: StackRoleBinding,
  stack: Stack,
  ids: ResolvedIds,
  organizationCrn: string,
): string | undefined {
  const on = rb.on;
  if ('crn_pattern' in on) return on.crn_pattern;
  if ('organization' in on) return organizationCrn;
  if ('service_account' in on) {
    const id = ids.serviceAccount(on.service_account);
    return id && `${organizationCrn}/service-account=${id}`;
  }
  if ('environment' in on) {
    const id = ids.environment(on.environment);
    return id && `${organizationCrn}/environment=${id}`;
  }
  if ('compute_pool' in on) {
    const pool = stack.compute_pools[on.compute_pool];
    const envId = ids.environment(pool.environment);
    const poolId = ids.computePool(on.compute_pool);
    return envId && poolId
      ? `${organizationCrn}/environment=${envId}/flink-region=${flinkRegionId(pool.cloud, pool.region)}/compute-pool=${poolId}`
      : undefined;
  }
  const envId = ids.environment(on.topic.environment);
  if (!envId) return undefined;
  const cluster = kafkaClusterIdOf(envId);
  return `${organizationCrn}/environment=${envId}/cloud-cluster=${cluster}/kafka=${cluster}/topic=${on.topic.name}`;
}

/** How a role binding is shown and keyed in a plan. */
export function bindingKey(rb: StackRoleBinding): string {
  const on = rb.on;
  const scope =
    'crn_pattern' in on
      ? on.crn_pattern
      : 'organization' in on
        ? 'organization'
        : 'topic' in on
          ? `topic ${on.topic.environment}/${on.topic.name}`
          : Object.entries(on)
              .map(([k, v]) => `${k} ${String(v)}`)
              .join('');
  return `${rb.role} for ${rb.principal} on ${scope}`;
}
