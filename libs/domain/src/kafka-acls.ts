import { kafkaClusterIdOf, topicOf } from './catalog-names';
import { parseCrnPattern, type CrnPattern } from './crn-pattern';
import { principalOf, roleGrants, TOPIC_ACTION, type RoleBindingLike } from './rbac';

/**
 * Layer 3 of the tenant boundary (docs/architecture.md): the broker ACLs that mirror role
 * bindings, pure. Each Kafka identity cflink makes — a principal that runs statements, a cluster
 * API key — gets exactly the ACLs computed here; the scheduler's reconciler makes the broker match.
 */
export type KafkaResourceType = 'TOPIC' | 'GROUP' | 'TRANSACTIONAL_ID';
export type KafkaPatternType = 'LITERAL' | 'PREFIXED';
export type KafkaOperation =
  'READ' | 'WRITE' | 'CREATE' | 'DELETE' | 'ALTER' | 'DESCRIBE' | 'DESCRIBE_CONFIGS' | 'ALTER_CONFIGS';

/** One ALLOW rule for `User:<user>` from any host. */
export interface KafkaAcl {
  resourceType: KafkaResourceType;
  patternType: KafkaPatternType;
  name: string;
  operation: KafkaOperation;
}

export interface KafkaIdentity {
  /** SCRAM user name: a principal id (`u-…`, `sa-…`) or an API key id. */
  user: string;
  kind: 'principal' | 'api-key';
  acls: KafkaAcl[];
}

export interface KafkaAccessInput {
  crnAuthority: string;
  /** Environments by organization, to expand organization-wide bindings. */
  environments: readonly { id: string; organizationId: string }[];
  bindings: readonly (RoleBindingLike & { organizationId: string })[];
  /** Statements that may run (every statement row): their principal runs their jobs. */
  statements: readonly { uid: string; principal: string; organizationId: string; transactionalIdPrefix: string }[];
  /** Cluster API keys: `spec.resource` = the environment's `lkc-…`. */
  clusterKeys: readonly { id: string; ownerId: string; organizationId: string; clusterId: string }[];
}

/**
 * Where a principal's statements keep the transactional ids of their exactly-once sinks. Principal
 * ids are a kind prefix and alphanumerics (libs/domain ids), so no principal's prefix is another's.
 * One prefixed ACL per principal covers all its statements: a new statement needs no broker change.
 */
export function principalTransactionalIdPrefix(principal: string): string {
  return `cflink-${principal}-`;
}

/**
 * The transactional-id prefix a new statement's sinks use for its whole life (stored with it, as
 * its savepoints name these ids): under its principal's prefix, then its uid. Statements created
 * before per-principal prefixes keep `cflink-<uid>-`.
 */
export function newStatementTransactionalIdPrefix(principal: string, uid: string): string {
  return `${principalTransactionalIdPrefix(principal)}${uid}-`;
}

/** Operations per resource type for the three data-plane rights of libs/domain rbac. */
const OPERATIONS: Record<KafkaResourceType, Record<keyof typeof TOPIC_ACTION, KafkaOperation[]>> = {
  TOPIC: {
    read: ['READ', 'DESCRIBE'],
    write: ['WRITE', 'DESCRIBE'],
    manage: ['CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  },
  GROUP: { read: ['READ', 'DESCRIBE'], write: [], manage: ['DELETE', 'DESCRIBE'] },
  TRANSACTIONAL_ID: { read: [], write: ['WRITE', 'DESCRIBE'], manage: [] },
};

function transactionalIdAcls(prefix: string): KafkaAcl[] {
  return OPERATIONS.TRANSACTIONAL_ID.write.map((operation) => ({
    resourceType: 'TRANSACTIONAL_ID' as const,
    patternType: 'PREFIXED' as const,
    name: prefix,
    operation,
  }));
}

/** The rights every principal that runs statements holds beyond its bindings: its transactional-id prefix. */
export function principalAcls(principal: string): KafkaAcl[] {
  return transactionalIdAcls(principalTransactionalIdPrefix(principal));
}

/**
 * The rights a statement's job needs beyond its principal's: none, unless its sinks' ids lie
 * outside its principal's prefix (a statement from before per-principal prefixes, or one resumed
 * as another principal, whose savepoint names the ids it started with).
 */
export function statementAcls(s: { principal: string; transactionalIdPrefix: string }): KafkaAcl[] {
  return s.transactionalIdPrefix.startsWith(principalTransactionalIdPrefix(s.principal))
    ? []
    : transactionalIdAcls(s.transactionalIdPrefix);
}

const SEGMENT_TYPES: Record<string, KafkaResourceType> = {
  topic: 'TOPIC',
  group: 'GROUP',
  'transactional-id': 'TRANSACTIONAL_ID',
};

/** A binding's pattern as Kafka resources: resource type (all three for a whole cluster), name, pattern type. */
interface Scope {
  types: KafkaResourceType[];
  name: string;
  patternType: KafkaPatternType;
}

/**
 * The Kafka resources a role-binding pattern covers, or none when it names no Kafka scope cflink
 * serves (a pool, a service account, a prefix on anything but the last, Kafka, segment; a
 * cluster that is not the environment's): fail closed.
 */
export function kafkaScopes(pattern: CrnPattern, organizationId: string, environmentIds: readonly string[]): Scope[] {
  const [org, env, cloudCluster, kafka, leaf, ...rest] = pattern.segments;
  if (org?.type !== 'organization' || org.id !== organizationId || rest.length > 0) return [];
  const whole = (clusterId: string): Scope => ({
    types: ['TOPIC', 'GROUP', 'TRANSACTIONAL_ID'],
    name: `${clusterId}.`,
    patternType: 'PREFIXED',
  });
  const n = pattern.segments.length;
  if (n === 1) return pattern.prefix ? [] : environmentIds.map((e) => whole(kafkaClusterIdOf(e)));
  if (env.type !== 'environment' || !environmentIds.includes(env.id) || (pattern.prefix && n <= 4)) return [];
  const clusterId = kafkaClusterIdOf(env.id);
  if (n === 2) return [whole(clusterId)];
  if (cloudCluster.type !== 'cloud-cluster' || cloudCluster.id !== clusterId) return [];
  if (n === 3) return [whole(clusterId)];
  if (kafka.type !== 'kafka' || kafka.id !== clusterId) return [];
  if (n === 4) return [whole(clusterId)];
  const type = SEGMENT_TYPES[leaf.type];
  if (!type) return [];
  return [{ types: [type], name: topicOf(clusterId, leaf.id), patternType: pattern.prefix ? 'PREFIXED' : 'LITERAL' }];
}

export function aclKey(a: KafkaAcl): string {
  return `${a.resourceType}|${a.patternType}|${a.name}|${a.operation}`;
}

/** Deduplicated and sorted, so equal rights compare equal. */
function normalized(acls: Iterable<KafkaAcl>): KafkaAcl[] {
  const byKey = new Map<string, KafkaAcl>();
  for (const a of acls) byKey.set(aclKey(a), a);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, a]) => a);
}

/** The ACLs a principal's role bindings grant on the Kafka clusters of its organization. */
export function bindingAcls(
  principalId: string,
  organizationId: string,
  input: Pick<KafkaAccessInput, 'crnAuthority' | 'environments' | 'bindings'>,
): KafkaAcl[] {
  const principal = principalOf(principalId);
  const environmentIds = input.environments.filter((e) => e.organizationId === organizationId).map((e) => e.id);
  const out: KafkaAcl[] = [];
  for (const b of input.bindings) {
    if (b.principal !== principal || b.organizationId !== organizationId) continue;
    const rights = (Object.keys(TOPIC_ACTION) as (keyof typeof TOPIC_ACTION)[]).filter((r) =>
      roleGrants(b.roleName, TOPIC_ACTION[r]),
    );
    if (rights.length === 0) continue;
    let pattern: CrnPattern;
    try {
      pattern = parseCrnPattern(b.crnPattern);
    } catch {
      continue;
    }
    if (pattern.authority !== input.crnAuthority) continue;
    for (const scope of kafkaScopes(pattern, organizationId, environmentIds)) {
      for (const type of scope.types) {
        for (const right of rights) {
          for (const operation of OPERATIONS[type][right]) {
            out.push({ resourceType: type, patternType: scope.patternType, name: scope.name, operation });
          }
        }
      }
    }
  }
  return normalized(out);
}

/**
 * Every Kafka identity cflink wants on the broker, with its ACLs: each principal that has a
 * statement (its bindings' ACLs plus the transactional ids of its statements' sinks), and each
 * cluster API key (its owner's bindings' ACLs within the key's cluster only).
 */
export function desiredKafkaIdentities(input: KafkaAccessInput): KafkaIdentity[] {
  const identities = new Map<string, KafkaIdentity>();
  // Grouped once: a filter per principal would cost principals × statements.
  const principals = new Map<string, { organizationId: string; own: KafkaAcl[] }>();
  for (const s of input.statements) {
    const p = principals.get(s.principal) ?? { organizationId: s.organizationId, own: principalAcls(s.principal) };
    p.organizationId = s.organizationId;
    p.own.push(...statementAcls(s));
    principals.set(s.principal, p);
  }
  for (const [principal, { organizationId, own }] of principals) {
    identities.set(principal, {
      user: principal,
      kind: 'principal',
      acls: normalized([...bindingAcls(principal, organizationId, input), ...own]),
    });
  }
  for (const k of input.clusterKeys) {
    const inCluster = bindingAcls(k.ownerId, k.organizationId, input).filter((a) =>
      a.name.startsWith(`${k.clusterId}.`),
    );
    identities.set(k.id, { user: k.id, kind: 'api-key', acls: inCluster });
  }
  return [...identities.values()].sort((a, b) => (a.user < b.user ? -1 : 1));
}

export interface AclChanges {
  create: { user: string; acl: KafkaAcl }[];
  delete: { user: string; acl: KafkaAcl }[];
}

/**
 * What to create and delete so that the broker holds exactly `desired`. `actual` is every ACL of
 * the users cflink manages (every `User:` principal but the control plane's own).
 */
export function diffAcls(
  desired: readonly KafkaIdentity[],
  actual: readonly { user: string; acl: KafkaAcl }[],
): AclChanges {
  const want = new Map<string, { user: string; acl: KafkaAcl }>();
  for (const i of desired) for (const acl of i.acls) want.set(`${i.user}#${aclKey(acl)}`, { user: i.user, acl });
  const have = new Map<string, { user: string; acl: KafkaAcl }>();
  for (const a of actual) have.set(`${a.user}#${aclKey(a.acl)}`, a);
  return {
    create: [...want].filter(([k]) => !have.has(k)).map(([, v]) => v),
    delete: [...have].filter(([k]) => !want.has(k)).map(([, v]) => v),
  };
}
