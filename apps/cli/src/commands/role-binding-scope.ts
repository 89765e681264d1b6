/**
 * The CRN pattern a role binding is scoped to, built from Confluent CLI's scope flags under the
 * organization's CRN (`crn://…/organization=<id>`).
 */
import { UsageError } from '../errors';

export interface ScopeFlags {
  environment?: string;
  flinkRegion?: string;
  /** The pool's own CRN (its metadata.resource_name), when --compute-pool was given. */
  computePoolCrn?: string;
  kafkaCluster?: string;
  /** `Topic:<name>`, `Group:<name>` or `ServiceAccount:<sa-id>`. */
  resource?: string;
  prefix?: boolean;
  crnPattern?: string;
}

const RESOURCE_SEGMENT: Record<string, string> = { topic: 'topic', group: 'group' };

export function scopeCrn(organizationCrn: string, flags: ScopeFlags): string {
  if (flags.crnPattern) return flags.crnPattern;
  if (flags.computePoolCrn) return flags.computePoolCrn;
  let crn = organizationCrn;
  if (flags.resource) {
    const colon = flags.resource.indexOf(':');
    const type = flags.resource.slice(0, colon).toLowerCase();
    const name = flags.resource.slice(colon + 1);
    if (colon <= 0 || !name) throw new UsageError(`--resource "${flags.resource}" must look like Type:name.`);
    if (type === 'serviceaccount') return `${crn}/service-account=${name}`;
    const segment = RESOURCE_SEGMENT[type];
    if (!segment) throw new UsageError(`--resource type "${type}" is not one of Topic, Group, ServiceAccount.`);
    if (!flags.environment || !flags.kafkaCluster) {
      throw new UsageError(`--resource ${flags.resource} needs --environment and --kafka-cluster.`);
    }
    const cluster = flags.kafkaCluster;
    return `${crn}/environment=${flags.environment}/cloud-cluster=${cluster}/kafka=${cluster}/${segment}=${name}${flags.prefix ? '*' : ''}`;
  }
  if (flags.prefix) throw new UsageError('--prefix goes with --resource.');
  if (flags.kafkaCluster) throw new UsageError('--kafka-cluster goes with --resource Topic:<name> or Group:<name>.');
  if (flags.environment) crn += `/environment=${flags.environment}`;
  if (flags.flinkRegion) {
    if (!flags.environment) throw new UsageError('--flink-region needs --environment.');
    crn += `/flink-region=${flags.flinkRegion}`;
  }
  return crn;
}
