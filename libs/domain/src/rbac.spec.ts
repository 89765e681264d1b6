import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CrnBuilder } from './crn';
import { parseCrnPattern, patternsOverlap } from './crn-pattern';
import {
  actionOf,
  authorize,
  BILLING_READ,
  bindingScopeProblem,
  CONTAINER_READS,
  DIRECTORY_ACTIONS,
  mayAccessTopic,
  METRICS_READ,
  ROLE_NAMES,
  roleGrants,
  SELF_ACTIONS,
  visibleWithin,
  type RoleName,
  type Subject,
} from './rbac';

/**
 * The permission matrix, as documented in README.md ("Roles"): x = the role grants the action
 * within the scope of its binding. Directory reads (every member) and own-key actions are
 * tested separately.
 */
const MATRIX = `
action                OA EA FA FD OP AS MV BA DR DW DM RO
listEnvironments      x  x  x  x  x  .  .  .  .  .  .  .
createEnvironment     x  .  .  .  .  .  .  .  .  .  .  .
getEnvironment        x  x  x  x  x  .  .  .  .  .  .  .
updateEnvironment     x  x  .  .  .  .  .  .  .  .  .  .
deleteEnvironment     x  .  .  .  .  .  .  .  .  .  .  .
listComputePools      x  x  x  x  x  .  .  .  .  .  .  .
createComputePool     x  x  x  .  .  .  .  .  .  .  .  .
getComputePool        x  x  x  x  x  .  .  .  .  .  .  .
updateComputePool     x  x  x  .  .  .  .  .  .  .  .  .
deleteComputePool     x  x  x  .  .  .  .  .  .  .  .  .
listStatements        x  x  x  x  x  .  .  .  .  .  .  .
createStatement       x  x  x  x  .  .  .  .  .  .  .  .
getStatement          x  x  x  x  x  .  .  .  .  .  .  .
updateStatement       x  x  x  x  .  .  .  .  .  .  .  .
deleteStatement       x  x  x  x  .  .  .  .  .  .  .  .
createUser            x  .  .  .  .  .  .  .  .  .  .  .
createServiceAccount  x  .  .  .  .  .  .  .  .  .  .  .
updateServiceAccount  x  .  .  .  .  .  .  .  .  .  .  x
deleteServiceAccount  x  .  .  .  .  .  .  .  .  .  .  x
listApiKeys           x  .  .  .  .  .  .  .  .  .  .  x
createApiKey          x  .  .  .  .  .  .  .  .  .  .  x
getApiKey             x  .  .  .  .  .  .  .  .  .  .  x
updateApiKey          x  .  .  .  .  .  .  .  .  .  .  x
deleteApiKey          x  .  .  .  .  .  .  .  .  .  .  x
listRoleBindings      x  x  .  .  .  .  .  .  .  .  .  .
createRoleBinding     x  x  .  .  .  .  .  .  .  .  .  .
getRoleBinding        x  x  .  .  .  .  .  .  .  .  .  .
deleteRoleBinding     x  x  .  .  .  .  .  .  .  .  .  .
listAuditEvents       x  .  .  .  .  .  .  .  .  .  .  .
topic:read            x  x  .  .  .  .  .  .  x  .  .  x
topic:write           x  x  .  .  .  .  .  .  .  x  .  x
topic:manage          x  x  .  .  .  .  .  .  .  .  x  x
principal:assign      x  .  .  .  .  x  .  .  .  .  .  x
metrics:read          x  x  .  .  .  .  x  .  .  .  .  .
billing:read          x  .  .  .  .  .  .  x  .  .  .  .
`;

const ABBREV: Record<string, RoleName> = {
  OA: 'OrganizationAdmin',
  EA: 'EnvironmentAdmin',
  FA: 'FlinkAdmin',
  FD: 'FlinkDeveloper',
  OP: 'Operator',
  AS: 'Assigner',
  MV: 'MetricsViewer',
  BA: 'BillingAdmin',
  DR: 'DeveloperRead',
  DW: 'DeveloperWrite',
  DM: 'DeveloperManage',
  RO: 'ResourceOwner',
};

const [header, ...rows] = MATRIX.trim()
  .split('\n')
  .map((l) => l.trim().split(/\s+/));
const COLUMNS = header.slice(1).map((a) => ABBREV[a]);
const GRANTS = new Map(rows.map(([action, ...cells]) => [action, new Set(COLUMNS.filter((_, i) => cells[i] === 'x'))]));
const ACTIONS = [...GRANTS.keys()];

const ORG = '11111111-2222-3333-4444-555555555555';
const OTHER_ORG = '99999999-2222-3333-4444-555555555555';
const crn = new CrnBuilder('confluent.cloud');
const R = 'aws.us-east-1';
const topic = (env: string, name: string) =>
  `${crn.environment(ORG, env)}/cloud-cluster=lkc-1/kafka=lkc-1/topic=${name}`;

/** Resources a request can target, by name. */
const RES = {
  org: crn.organization(ORG),
  envE: crn.environment(ORG, 'env-e'),
  envF: crn.environment(ORG, 'env-f'),
  poolP: crn.computePool(ORG, 'env-e', R, 'lfcp-p'),
  poolQ: crn.computePool(ORG, 'env-e', R, 'lfcp-q'),
  poolF: crn.computePool(ORG, 'env-f', R, 'lfcp-f'),
  sa1: crn.serviceAccount(ORG, 'sa-1'),
  sa2: crn.serviceAccount(ORG, 'sa-2'),
  topicOrders: topic('env-e', 'orders-v1'),
  topicPayments: topic('env-e', 'payments'),
  otherOrgEnv: crn.environment(OTHER_ORG, 'env-e'),
} as const;
type Res = keyof typeof RES;

/** Binding scopes, and the resources each covers (itself or inside it) and lies inside of. */
const SCOPES: Record<string, { pattern: string; covers: Res[]; within: Res[] }> = {
  org: {
    pattern: RES.org,
    covers: ['org', 'envE', 'envF', 'poolP', 'poolQ', 'poolF', 'sa1', 'sa2', 'topicOrders', 'topicPayments'],
    within: [],
  },
  envE: { pattern: RES.envE, covers: ['envE', 'poolP', 'poolQ', 'topicOrders', 'topicPayments'], within: ['org'] },
  poolP: { pattern: RES.poolP, covers: ['poolP'], within: ['org', 'envE'] },
  sa1: { pattern: RES.sa1, covers: ['sa1'], within: ['org'] },
  ordersPrefix: { pattern: topic('env-e', 'orders*'), covers: ['topicOrders'], within: ['org', 'envE'] },
};

const ME = 'u-me';
function subject(roleName: string, crnPattern: string, principal = `User:${ME}`): Subject {
  return { principalId: ME, identity: crn.user(ORG, ME), bindings: [{ principal, roleName, crnPattern }] };
}

describe('RBAC permission matrix', () => {
  it('covers every role', () => assert.deepEqual([...COLUMNS].sort(), [...ROLE_NAMES].sort()));

  for (const action of ACTIONS) {
    it(`${action}: granted by ${[...GRANTS.get(action)!].join(', ')}`, () => {
      for (const role of ROLE_NAMES) assert.equal(roleGrants(role, action), GRANTS.get(action)!.has(role), role);
    });
  }

  it('unknown roles grant nothing', () => assert.equal(roleGrants('Superuser', 'getEnvironment'), false));
});

describe('RBAC decisions: every role × action × binding scope × resource', () => {
  for (const role of ROLE_NAMES) {
    for (const [scopeName, scope] of Object.entries(SCOPES)) {
      it(`${role} on ${scopeName}`, () => {
        const s = subject(role, scope.pattern);
        for (const action of ACTIONS) {
          for (const [resName, resource] of Object.entries(RES) as [Res, string][]) {
            const granted = GRANTS.get(action)!.has(role);
            const expected =
              granted &&
              (scope.covers.includes(resName) ||
                ((CONTAINER_READS as readonly string[]).includes(action) && scope.within.includes(resName)));
            const decision = authorize(s, action, resource);
            assert.equal(decision.allowed, expected, `${role}@${scopeName} ${action} ${resName}`);
          }
        }
      });
    }
  }
});

describe('RBAC rules', () => {
  it('costs and billing reports are one read, granted by BillingAdmin on the whole organization only', () => {
    assert.equal(actionOf('listCosts'), BILLING_READ);
    assert.equal(actionOf('getBillingReport'), BILLING_READ);
    assert.equal(authorize(subject('BillingAdmin', RES.org), BILLING_READ, RES.org).allowed, true);
    const envScoped = authorize(subject('BillingAdmin', RES.envE), BILLING_READ, RES.org);
    assert.equal(envScoped.allowed, false);
    assert.match(!envScoped.allowed ? envScoped.reason : '', /BillingAdmin or OrganizationAdmin/);
    assert.equal(authorize(subject('MetricsViewer', RES.org), BILLING_READ, RES.org).allowed, false);
  });

  it('BillingAdmin may be bound on the organization only (elsewhere it would grant nothing)', () => {
    assert.equal(bindingScopeProblem('BillingAdmin', parseCrnPattern(RES.org)), null);
    assert.match(bindingScopeProblem('BillingAdmin', parseCrnPattern(RES.envE)) ?? '', /whole organization only/);
    assert.match(bindingScopeProblem('BillingAdmin', parseCrnPattern(RES.poolP)) ?? '', /organization=/);
    assert.equal(bindingScopeProblem('FlinkDeveloper', parseCrnPattern(RES.poolP)), null);
  });

  it('pool-scoped FlinkDeveloper: its pool yes, other pools of the environment no', () => {
    const s = subject('FlinkDeveloper', RES.poolP);
    assert.equal(authorize(s, 'createStatement', RES.poolP).allowed, true);
    assert.equal(authorize(s, 'getStatement', RES.poolP).allowed, true);
    const denied = authorize(s, 'getStatement', RES.poolQ);
    assert.equal(denied.allowed, false);
    assert.match(!denied.allowed ? denied.reason : '', /FlinkDeveloper/);
    assert.equal(authorize(s, 'createComputePool', RES.envE).allowed, false);
    assert.equal(authorize(s, 'listStatements', RES.envE).allowed, true, 'list, filtered');
    assert.equal(authorize(s, 'listStatements', RES.envF).allowed, false);
    assert.deepEqual(visibleWithin(s, 'getStatement', RES.envE), { all: false, scopes: [parseCrnPattern(RES.poolP)] });
    assert.deepEqual(visibleWithin(s, 'getStatement', RES.envF), { all: false, scopes: [] });
  });

  it('environment-scoped FlinkDeveloper sees every pool of its environment', () => {
    const s = subject('FlinkDeveloper', RES.envE);
    assert.deepEqual(visibleWithin(s, 'getStatement', RES.envE), { all: true });
    assert.equal(authorize(s, 'updateStatement', RES.poolQ).allowed, true);
    assert.equal(authorize(s, 'deleteStatement', RES.poolF).allowed, false);
  });

  it("environment-scoped MetricsViewer reads the organization's metrics as far as its environment", () => {
    const s = subject('MetricsViewer', RES.envE);
    assert.equal(authorize(s, METRICS_READ, RES.org).allowed, true, 'admitted, then filtered');
    assert.deepEqual(visibleWithin(s, METRICS_READ, RES.org), { all: false, scopes: [parseCrnPattern(RES.envE)] });
    assert.deepEqual(visibleWithin(subject('MetricsViewer', RES.org), METRICS_READ, RES.org), { all: true });
    const denied = authorize(subject('FlinkAdmin', RES.envE), METRICS_READ, RES.org);
    assert.match(!denied.allowed ? denied.reason : '', /MetricsViewer/);
  });

  it('Assigner on a service account lets its holder run statements as that account only', () => {
    const s = subject('Assigner', RES.sa1);
    assert.equal(authorize(s, 'principal:assign', RES.sa1).allowed, true);
    assert.equal(authorize(s, 'principal:assign', RES.sa2).allowed, false);
    assert.equal(authorize(s, 'createStatement', RES.poolP).allowed, false);
    const reason = authorize(subject('FlinkDeveloper', RES.envE), 'principal:assign', RES.sa1);
    assert.match(!reason.allowed ? reason.reason : '', /Assigner/);
  });

  it('answers the data-plane question for topic prefixes', () => {
    const s: Subject = {
      principalId: 'sa-1',
      identity: RES.sa1,
      bindings: [
        { principal: 'User:sa-1', roleName: 'DeveloperRead', crnPattern: topic('env-e', 'orders*') },
        { principal: 'User:sa-1', roleName: 'DeveloperWrite', crnPattern: topic('env-e', 'payments') },
      ],
    };
    assert.equal(mayAccessTopic(s, 'read', topic('env-e', 'orders-v2')).allowed, true);
    assert.equal(mayAccessTopic(s, 'read', topic('env-e', 'order')).allowed, false);
    assert.equal(mayAccessTopic(s, 'write', topic('env-e', 'orders-v2')).allowed, false);
    assert.equal(mayAccessTopic(s, 'write', topic('env-e', 'payments')).allowed, true);
    assert.equal(mayAccessTopic(s, 'write', topic('env-e', 'payments-2')).allowed, false);
    assert.equal(mayAccessTopic(s, 'read', topic('env-f', 'orders-v2')).allowed, false);
    assert.equal(mayAccessTopic(s, 'manage', topic('env-e', 'orders-v2')).allowed, false);
  });

  it('directory reads are open to every member of the organization, and only there', () => {
    const s: Subject = { principalId: ME, identity: crn.user(ORG, ME), bindings: [] };
    for (const action of DIRECTORY_ACTIONS) {
      assert.equal(authorize(s, action, RES.org).allowed, true, action);
      assert.equal(authorize(s, action, crn.organization(OTHER_ORG)).allowed, false, action);
    }
    assert.equal(authorize(s, 'listEnvironments', RES.org).allowed, false);
  });

  it('a principal manages its own API keys without any role', () => {
    const s: Subject = { principalId: ME, identity: crn.user(ORG, ME), bindings: [] };
    for (const action of SELF_ACTIONS) {
      assert.equal(authorize(s, action, crn.user(ORG, ME)).allowed, true, action);
      assert.equal(authorize(s, action, crn.user(ORG, 'u-other')).allowed, false, action);
    }
  });

  it('bindings of other principals, other authorities and malformed patterns grant nothing', () => {
    assert.equal(
      authorize(subject('OrganizationAdmin', RES.org, 'User:u-else'), 'getEnvironment', RES.envE).allowed,
      false,
    );
    const foreign = subject('OrganizationAdmin', `crn://other.example/organization=${ORG}`);
    assert.equal(authorize(foreign, 'getEnvironment', RES.envE).allowed, false);
    assert.equal(authorize(subject('OrganizationAdmin', 'nonsense'), 'getEnvironment', RES.envE).allowed, false);
    assert.equal(authorize(subject('OrganizationAdmin', RES.org), 'getEnvironment', 'not a crn').allowed, false);
  });

  it('an organization binding does not reach another organization', () => {
    assert.equal(authorize(subject('OrganizationAdmin', RES.org), 'getEnvironment', RES.otherOrgEnv).allowed, false);
  });
});

describe('CRN patterns', () => {
  it('allows "*" only at the end', () => {
    assert.equal(parseCrnPattern(`${RES.envE}/topic=a*`).prefix, true);
    assert.throws(() => parseCrnPattern(`crn://c/organization=*/environment=e`), /only allowed at the end/);
  });

  it('overlap (role-binding list filter) is symmetric and prefix-aware', () => {
    const cases: [string, string, boolean][] = [
      [RES.org, RES.poolP, true],
      [RES.envE, RES.envF, false],
      [`${crn.organization(ORG)}/environment=env-*`, RES.poolF, true],
      [topic('env-e', 'ord*'), topic('env-e', 'orders*'), true],
      [topic('env-e', 'pay*'), topic('env-e', 'orders*'), false],
    ];
    for (const [a, b, expected] of cases) {
      assert.equal(patternsOverlap(parseCrnPattern(a), parseCrnPattern(b)), expected, `${a} ~ ${b}`);
      assert.equal(patternsOverlap(parseCrnPattern(b), parseCrnPattern(a)), expected, `${b} ~ ${a}`);
    }
  });
});
