import type { MetricsScope, VisiblePart } from '#db';
import {
  type LabelBounds,
  type Visibility,
  ENVIRONMENT_LABEL,
  POOL_LABEL,
  STATEMENT_LABEL,
  STATEMENT_UID_LABEL,
} from '#domain';
import { visibilityFilters } from '../auth/visibility';

/**
 * What of the organization a metrics reader sees, from what the policy let it see: all of it
 * (a binding on the organization), or the environments, regions and pools its bindings inside
 * the organization cover. A prefix binding on a pool id shows nothing (ids are not ordered).
 */
export function metricsScope(
  organizationId: string,
  organizationCrn: string,
  visibility: Visibility,
  bounds: LabelBounds,
): MetricsScope {
  const parts = visibilityFilters<VisiblePart>(
    visibility,
    organizationCrn,
    {
      environment: (id, prefix) => (prefix ? undefined : { environmentId: id }),
      'flink-region': (id, prefix) => (prefix ? undefined : { flinkRegion: id }),
      'compute-pool': (id, prefix) => (prefix ? undefined : { computePoolId: id }),
    },
    'compute-pool',
  );
  return {
    organizationId,
    visible: parts === null ? null : parts.map((p) => Object.assign({}, ...p.AND) as VisiblePart),
    bounds: {
      pools: bounds[POOL_LABEL],
      environments: bounds[ENVIRONMENT_LABEL],
      names: bounds[STATEMENT_LABEL],
      uids: bounds[STATEMENT_UID_LABEL],
    },
  };
}

/** True when a bound admits no value at all (an AND of two different EQs on one label). */
export function nothingMatches(bounds: LabelBounds): boolean {
  return Object.values(bounds).some((values) => values.length === 0);
}
