import { parseCrn, type Crn } from './crn';
import { parseCrnPattern, patternCovers, patternWithin, type CrnPattern } from './crn-pattern';

/**
 * Role-based access control, pure: who may do what on which resource, decided from role
 * bindings (principal, role, CRN pattern). Actions are the OpenAPI operationIds of the control
 * plane plus the data-plane and non-endpoint actions below. OrganizationAdmin grants every
 * action; other roles grant the actions listed for them and nothing else.
 */
export const ROLE_NAMES = [
  'OrganizationAdmin',
  'EnvironmentAdmin',
  'FlinkAdmin',
  'FlinkDeveloper',
  'Assigner',
  'MetricsViewer',
  'BillingAdmin',
  'Operator',
  'DeveloperRead',
  'DeveloperWrite',
  'DeveloperManage',
  'ResourceOwner',
] as const;

export type RoleName = (typeof ROLE_NAMES)[number];

export function isRoleName(value: string): value is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(value);
}

/** Actions that are not endpoints: data plane (asked by the engine) and delegation. */
export const TOPIC_ACTION = { read: 'topic:read', write: 'topic:write', manage: 'topic:manage' } as const;
/** Run a statement as a principal other than oneself (resource: the principal's identity CRN). */
export const ASSIGN_PRINCIPAL = 'principal:assign';
export const METRICS_READ = 'metrics:read';
export const BILLING_READ = 'billing:read';

/**
 * Operations authorized as another operation's action: a statement's results and exceptions are
 * part of reading it; costs and billing reports are what BillingAdmin reads, metrics what
 * MetricsViewer reads.
 */
export const OPERATION_ACTION: Readonly<Record<string, string>> = {
  getStatementResult: 'getStatement',
  getStatementExceptions: 'getStatement',
  patchStatement: 'updateStatement',
  listCosts: BILLING_READ,
  getBillingReport: BILLING_READ,
  queryMetrics: METRICS_READ,
  listMetricDescriptors: METRICS_READ,
  listResourceDescriptors: METRICS_READ,
  exportMetrics: METRICS_READ,
};

/** The action the policy decides for an operation. */
export function actionOf(operationId: string): string {
  return OPERATION_ACTION[operationId] ?? operationId;
}

/** Reads every principal of an organization may make there (to discover regions and principals). */
export const DIRECTORY_ACTIONS = [
  'listOrganizations',
  'getOrganization',
  'listRegions',
  'getRegion',
  'listUsers',
  'getUser',
  'listServiceAccounts',
  'getServiceAccount',
] as const;

/** What a principal may always do with its own identity (its own API keys). */
export const SELF_ACTIONS = ['listApiKeys', 'getApiKey', 'createApiKey', 'updateApiKey', 'deleteApiKey'] as const;

/**
 * Reads of a container that a binding on something inside it also allows: a FlinkDeveloper of
 * one pool may read its environment and list the environment's pools and statements, and a
 * MetricsViewer of one environment may read the organization's metrics; what is shown is then
 * filtered to what the bindings cover (see `visibleWithin`).
 */
export const CONTAINER_READS = [
  'listEnvironments',
  'getEnvironment',
  'listComputePools',
  'listStatements',
  METRICS_READ,
] as const;

const ENV_READ = ['listEnvironments', 'getEnvironment'];
const POOL_READ = ['listComputePools', 'getComputePool'];
const POOL_WRITE = ['createComputePool', 'updateComputePool', 'deleteComputePool'];
const STATEMENT_READ = ['listStatements', 'getStatement'];
const STATEMENT_WRITE = ['createStatement', 'updateStatement', 'deleteStatement'];
const TOPIC_ALL = Object.values(TOPIC_ACTION);
/** Webhook subscriptions of an environment (notifications/v1). */
const NOTIFICATIONS = [
  'listNotificationSubscriptions',
  'createNotificationSubscription',
  'getNotificationSubscription',
  'updateNotificationSubscription',
  'deleteNotificationSubscription',
  'testNotificationSubscription',
  'listNotificationDeliveries',
];
const ROLE_BINDINGS = ['listRoleBindings', 'getRoleBinding', 'createRoleBinding', 'deleteRoleBinding'];

/** Role → the actions it grants within the scope of its binding. `*` = every action. */
export const ROLE_ACTIONS: Record<RoleName, '*' | readonly string[]> = {
  OrganizationAdmin: '*',
  EnvironmentAdmin: [
    ...ENV_READ,
    'updateEnvironment',
    ...POOL_READ,
    ...POOL_WRITE,
    ...STATEMENT_READ,
    ...STATEMENT_WRITE,
    ...ROLE_BINDINGS,
    ...NOTIFICATIONS,
    ...TOPIC_ALL,
    METRICS_READ,
  ],
  FlinkAdmin: [...ENV_READ, ...POOL_READ, ...POOL_WRITE, ...STATEMENT_READ, ...STATEMENT_WRITE],
  FlinkDeveloper: [...ENV_READ, ...POOL_READ, ...STATEMENT_READ, ...STATEMENT_WRITE],
  Operator: [...ENV_READ, ...POOL_READ, ...STATEMENT_READ],
  Assigner: [ASSIGN_PRINCIPAL],
  MetricsViewer: [METRICS_READ],
  BillingAdmin: [BILLING_READ],
  DeveloperRead: [TOPIC_ACTION.read],
  DeveloperWrite: [TOPIC_ACTION.write],
  DeveloperManage: [TOPIC_ACTION.manage],
  ResourceOwner: [
    ...TOPIC_ALL,
    'getServiceAccount',
    'updateServiceAccount',
    'deleteServiceAccount',
    ASSIGN_PRINCIPAL,
    ...SELF_ACTIONS,
  ],
};

/**
 * Roles whose every action concerns the organization as a whole (costs and billing reports are
 * organization-wide): a binding on anything inside it would grant nothing, so it is refused.
 */
export const ORGANIZATION_WIDE_ROLES: readonly RoleName[] = ['BillingAdmin'];

/** Why `roleName` may not be bound on `pattern`, or null when it may. */
export function bindingScopeProblem(roleName: string, pattern: CrnPattern): string | null {
  const wide = (ORGANIZATION_WIDE_ROLES as readonly string[]).includes(roleName);
  if (wide && (pattern.segments.length !== 1 || pattern.prefix)) {
    return `${roleName} is granted on the whole organization only: bind it on crn://${pattern.authority}/organization=${pattern.segments[0]?.id ?? '…'}.`;
  }
  return null;
}

export function roleGrants(role: string, action: string): boolean {
  if (!isRoleName(role)) return false;
  const actions = ROLE_ACTIONS[role];
  return actions === '*' || actions.includes(action);
}

/** Roles that grant `action`, most specific first, for "requires one of …" messages. */
export function rolesGranting(action: string): RoleName[] {
  return [...ROLE_NAMES].filter((r) => ROLE_ACTIONS[r] !== '*' && roleGrants(r, action)).concat('OrganizationAdmin');
}

export interface RoleBindingLike {
  /** `User:u-…` or `User:sa-…`. */
  principal: string;
  roleName: string;
  crnPattern: string;
}

/** Who is asking: a principal id, its identity CRN and the bindings that may concern it. */
export interface Subject {
  principalId: string;
  /** `crn://…/organization=…/user=u-…` or `…/service-account=sa-…`. */
  identity: string;
  bindings: readonly RoleBindingLike[];
}

export type Decision = { allowed: true; via: string } | { allowed: false; reason: string };

export function principalOf(principalId: string): string {
  return `User:${principalId}`;
}

interface ParsedBinding {
  roleName: string;
  pattern: CrnPattern;
  source: string;
}

function grantsOf(subject: Subject, action: string): ParsedBinding[] {
  const principal = principalOf(subject.principalId);
  const out: ParsedBinding[] = [];
  for (const b of subject.bindings) {
    if (b.principal !== principal || !roleGrants(b.roleName, action)) continue;
    try {
      out.push({ roleName: b.roleName, pattern: parseCrnPattern(b.crnPattern), source: b.crnPattern });
    } catch {
      // A malformed stored pattern grants nothing.
    }
  }
  return out;
}

function parse(resource: string | Crn): Crn | null {
  if (typeof resource !== 'string') return resource;
  try {
    return parseCrn(resource);
  } catch {
    return null;
  }
}

/** The organization segment of an identity or resource CRN. */
function organizationOf(crn: Crn): string | undefined {
  return crn.segments[0]?.type === 'organization' ? crn.segments[0].id : undefined;
}

/**
 * May `subject` perform `action` on `resource` (a CRN without wildcards)? Allowed when a
 * binding of the subject whose role grants the action covers the resource; for container
 * reads also when such a binding lies inside it. Directory reads are open to every principal
 * of the organization, and a principal may always manage its own API keys.
 */
export function authorize(subject: Subject, action: string, resource: string | Crn): Decision {
  const crn = parse(resource);
  if (!crn) return { allowed: false, reason: `"${String(resource)}" is not a resource CRN.` };
  const identity = parse(subject.identity);
  const sameOrg = identity !== null && organizationOf(identity) === organizationOf(crn);
  if (sameOrg && (DIRECTORY_ACTIONS as readonly string[]).includes(action)) {
    return { allowed: true, via: 'organization member' };
  }
  const formatted = typeof resource === 'string' ? resource : undefined;
  if ((SELF_ACTIONS as readonly string[]).includes(action) && identity && sameCrn(identity, crn)) {
    return { allowed: true, via: 'own identity' };
  }
  const grants = grantsOf(subject, action);
  const covering = grants.find((g) => patternCovers(g.pattern, crn));
  if (covering) return { allowed: true, via: `${covering.roleName} on ${covering.source}` };
  if ((CONTAINER_READS as readonly string[]).includes(action)) {
    const inside = grants.find((g) => patternWithin(g.pattern, crn));
    if (inside) return { allowed: true, via: `${inside.roleName} on ${inside.source} (inside)` };
  }
  const roles = rolesGranting(action)
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1');
  return {
    allowed: false,
    reason: `${action} requires the role ${roles} on ${formatted ?? 'the resource'} or a scope containing it.`,
  };
}

function sameCrn(a: Crn, b: Crn): boolean {
  return (
    a.authority === b.authority &&
    a.segments.length === b.segments.length &&
    a.segments.every((s, i) => s.type === b.segments[i].type && s.id === b.segments[i].id)
  );
}

/** Which parts of a container a list may show: all of it, or the scopes of inner bindings. */
export type Visibility = { all: true } | { all: false; scopes: CrnPattern[] };

/**
 * What a list of `container`'s children shows to `subject` for the read `action` (e.g.
 * getStatement for a statement list): everything when a granting binding covers the
 * container, otherwise only what the granting bindings inside it cover (possibly nothing).
 */
export function visibleWithin(subject: Subject, action: string, container: string | Crn): Visibility {
  const crn = parse(container);
  if (!crn) return { all: false, scopes: [] };
  const grants = grantsOf(subject, action);
  if (grants.some((g) => patternCovers(g.pattern, crn))) return { all: true };
  return { all: false, scopes: grants.filter((g) => patternWithin(g.pattern, crn)).map((g) => g.pattern) };
}

/**
 * The data-plane question the engine asks before running a statement: may the statement's
 * principal read, write or manage (create/alter) the topic with this CRN?
 */
export function mayAccessTopic(subject: Subject, access: keyof typeof TOPIC_ACTION, topicCrn: string): Decision {
  return authorize(subject, TOPIC_ACTION[access], topicCrn);
}
