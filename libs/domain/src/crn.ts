/**
 * Confluent Resource Names: `crn://<authority>/organization=<uuid>/environment=env-…/…`.
 * A CRN is an ordered list of `type=id` segments below an authority.
 */
export interface CrnSegment {
  type: string;
  id: string;
}

export interface Crn {
  authority: string;
  segments: CrnSegment[];
}

export function formatCrn(crn: Crn): string {
  return `crn://${crn.authority}/${crn.segments.map((s) => `${s.type}=${s.id}`).join('/')}`;
}

export class CrnParseError extends Error {}

export function parseCrn(value: string): Crn {
  const match = /^crn:\/\/([^/]+)\/(.+)$/.exec(value);
  if (!match) throw new CrnParseError(`"${value}" is not a CRN: expected crn://<authority>/<type>=<id>/…`);
  const segments = match[2].split('/').map((part) => {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) {
      throw new CrnParseError(`CRN segment "${part}" must look like <type>=<id>`);
    }
    return { type: part.slice(0, eq), id: part.slice(eq + 1) };
  });
  return { authority: match[1], segments };
}

/** The id of the first segment of `type`, if any. */
export function crnId(crn: Crn, type: string): string | undefined {
  return crn.segments.find((s) => s.type === type)?.id;
}

/** Builds the CRNs of the resources cflink serves, for one authority. */
export class CrnBuilder {
  constructor(private readonly authority: string) {}

  organization(orgId: string): string {
    // formatCrn's output for the one segment, written directly: a list page asks for 100 of them.
    return `crn://${this.authority}/organization=${orgId}`;
  }

  environment(orgId: string, envId: string): string {
    return `${this.organization(orgId)}/environment=${envId}`;
  }

  flinkRegion(orgId: string, envId: string, regionId: string): string {
    return `${this.environment(orgId, envId)}/flink-region=${regionId}`;
  }

  computePool(orgId: string, envId: string, regionId: string, poolId: string): string {
    return `${this.flinkRegion(orgId, envId, regionId)}/compute-pool=${poolId}`;
  }

  region(orgId: string, regionId: string): string {
    return `${this.organization(orgId)}/region=${regionId}`;
  }

  user(orgId: string, userId: string): string {
    return `${this.organization(orgId)}/user=${userId}`;
  }

  serviceAccount(orgId: string, saId: string): string {
    return `${this.organization(orgId)}/service-account=${saId}`;
  }

  roleBinding(orgId: string, id: string): string {
    return `${this.organization(orgId)}/role-binding=${id}`;
  }

  apiKey(orgId: string, id: string): string {
    return `${this.organization(orgId)}/api-key=${id}`;
  }

  /** The identity CRN of a statement principal (`status.identity`). */
  identity(orgId: string, principalId: string): string {
    return principalId.startsWith('sa-') ? this.serviceAccount(orgId, principalId) : this.user(orgId, principalId);
  }
}

/** Flink region ids are `<cloud>.<region>` in lower case, e.g. `aws.us-east-1`. */
export function flinkRegionId(cloud: string, region: string): string {
  return `${cloud.toLowerCase()}.${region}`;
}
