/**
 * Generated matrices over every operation of the OpenAPI document: no route escapes the
 * policy, each role gets exactly the operations the RBAC table grants it, and another
 * organization's resources answer exactly like missing ones.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actionOf, DIRECTORY_ACTIONS, newApiKeyId, ROLE_NAMES, roleGrants } from '#domain';
import { ResourceResolver } from '#api/auth/resources';
import { RouteContract } from '#api/openapi/route-contract';
import { RequestValidator } from '#api/openapi/request-validator';
import {
  bind,
  createEnvironment,
  createPool,
  ok,
  startApi,
  statementsPath,
  unique,
  type TestApi,
  type Tenant,
} from './harness';

interface Fixture {
  org: string;
  env: string;
  pool: string;
  statement: string;
  sa: string;
  user: string;
  /** A user of its own, for the calls that change or delete one. */
  member: string;
  key: string;
  rb: string;
  subscription: string;
}

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

/** One representative, schema-valid request per operation, aimed at the fixture's resources. */
const CALLS: Record<string, (f: Fixture) => Call> = {
  listOrganizations: () => ({ method: 'GET', path: '/org/v2/organizations' }),
  getOrganization: (f) => ({ method: 'GET', path: `/org/v2/organizations/${f.org}` }),
  updateOrganization: (f) => ({
    method: 'PATCH',
    path: `/org/v2/organizations/${f.org}`,
    body: { jit_enabled: false },
  }),
  listEnvironments: () => ({ method: 'GET', path: '/org/v2/environments' }),
  createEnvironment: () => ({ method: 'POST', path: '/org/v2/environments', body: { display_name: unique('matrix') } }),
  getEnvironment: (f) => ({ method: 'GET', path: `/org/v2/environments/${f.env}` }),
  updateEnvironment: (f) => ({
    method: 'PATCH',
    path: `/org/v2/environments/${f.env}`,
    body: { display_name: unique('m2') },
  }),
  deleteEnvironment: (f) => ({ method: 'DELETE', path: `/org/v2/environments/${f.env}` }),
  listRegions: () => ({ method: 'GET', path: '/fcpm/v2/regions' }),
  getRegion: () => ({ method: 'GET', path: '/fcpm/v2/regions/aws.us-east-1' }),
  listComputePools: (f) => ({ method: 'GET', path: `/fcpm/v2/compute-pools?environment=${f.env}` }),
  createComputePool: (f) => ({
    method: 'POST',
    path: '/fcpm/v2/compute-pools',
    body: { spec: { display_name: 'p', cloud: 'AWS', region: 'us-east-1', max_cfu: 5, environment: { id: f.env } } },
  }),
  getComputePool: (f) => ({ method: 'GET', path: `/fcpm/v2/compute-pools/${f.pool}?environment=${f.env}` }),
  updateComputePool: (f) => ({
    method: 'PATCH',
    path: `/fcpm/v2/compute-pools/${f.pool}`,
    body: { spec: { max_cfu: 20, environment: { id: f.env } } },
  }),
  deleteComputePool: (f) => ({ method: 'DELETE', path: `/fcpm/v2/compute-pools/${f.pool}?environment=${f.env}` }),
  listNotificationSubscriptions: (f) => ({
    method: 'GET',
    path: `/notifications/v1/subscriptions?environment=${f.env}`,
  }),
  createNotificationSubscription: (f) => ({
    method: 'POST',
    path: '/notifications/v1/subscriptions',
    body: subscriptionBody(f.env),
  }),
  getNotificationSubscription: (f) => ({ method: 'GET', path: subscriptionPath(f) }),
  updateNotificationSubscription: (f) => ({
    method: 'PATCH',
    path: `/notifications/v1/subscriptions/${f.subscription}`,
    body: { spec: { pending_minutes: 5, environment: { id: f.env } } },
  }),
  deleteNotificationSubscription: (f) => ({ method: 'DELETE', path: subscriptionPath(f) }),
  testNotificationSubscription: (f) => ({ method: 'POST', path: subscriptionPath(f, '/test') }),
  listNotificationDeliveries: (f) => ({ method: 'GET', path: subscriptionPath(f, '/deliveries') }),
  listStatements: (f) => ({ method: 'GET', path: stmts(f) }),
  createStatement: (f) => ({
    method: 'POST',
    path: stmts(f),
    body: { name: unique('m'), spec: { statement: 'SELECT 1', compute_pool_id: f.pool } },
  }),
  getStatement: (f) => ({ method: 'GET', path: `${stmts(f)}/${f.statement}` }),
  getStatementResult: (f) => ({ method: 'GET', path: `${stmts(f)}/${f.statement}/results` }),
  getStatementExceptions: (f) => ({ method: 'GET', path: `${stmts(f)}/${f.statement}/exceptions` }),
  patchStatement: (f) => ({
    method: 'PATCH',
    path: `${stmts(f)}/${f.statement}`,
    body: [{ op: 'REPLACE', path: '/spec/stopped', value: true }],
  }),
  updateStatement: (f) => ({
    method: 'PUT',
    path: `${stmts(f)}/${f.statement}`,
    body: { name: f.statement, metadata: { resource_version: '1' }, spec: { stopped: true } },
  }),
  deleteStatement: (f) => ({ method: 'DELETE', path: `${stmts(f)}/${f.statement}` }),
  listUsers: () => ({ method: 'GET', path: '/iam/v2/users' }),
  createUser: () => ({
    method: 'POST',
    path: '/iam/v2/users',
    body: { email: `${unique('m')}@x.test`, full_name: 'M' },
  }),
  getUser: (f) => ({ method: 'GET', path: `/iam/v2/users/${f.user}` }),
  updateUser: (f) => ({ method: 'PATCH', path: `/iam/v2/users/${f.member}`, body: { full_name: 'M' } }),
  deleteUser: (f) => ({ method: 'DELETE', path: `/iam/v2/users/${f.member}` }),
  listServiceAccounts: () => ({ method: 'GET', path: '/iam/v2/service-accounts' }),
  createServiceAccount: (f) => ({
    method: 'POST',
    path: `/iam/v2/service-accounts?assigned_resource_owner=${f.user}`,
    body: { display_name: 'm' },
  }),
  getServiceAccount: (f) => ({ method: 'GET', path: `/iam/v2/service-accounts/${f.sa}` }),
  updateServiceAccount: (f) => ({
    method: 'PATCH',
    path: `/iam/v2/service-accounts/${f.sa}`,
    body: { description: 'x' },
  }),
  deleteServiceAccount: (f) => ({ method: 'DELETE', path: `/iam/v2/service-accounts/${f.sa}` }),
  listApiKeys: (f) => ({ method: 'GET', path: `/iam/v2/api-keys?spec.owner=${f.sa}` }),
  createApiKey: (f) => ({ method: 'POST', path: '/iam/v2/api-keys', body: { spec: { owner: { id: f.sa } } } }),
  getApiKey: (f) => ({ method: 'GET', path: `/iam/v2/api-keys/${f.key}` }),
  updateApiKey: (f) => ({ method: 'PATCH', path: `/iam/v2/api-keys/${f.key}`, body: { spec: { description: 'x' } } }),
  deleteApiKey: (f) => ({ method: 'DELETE', path: `/iam/v2/api-keys/${f.key}` }),
  listRoleBindings: (f) => ({
    method: 'GET',
    path: `/iam/v2/role-bindings?crn_pattern=${encodeURIComponent(envCrn(f))}`,
  }),
  createRoleBinding: (f) => ({
    method: 'POST',
    path: '/iam/v2/role-bindings',
    body: { principal: `User:${f.sa}`, role_name: 'Operator', crn_pattern: envCrn(f) },
  }),
  getRoleBinding: (f) => ({ method: 'GET', path: `/iam/v2/role-bindings/${f.rb}` }),
  listAuditEvents: () => ({ method: 'GET', path: '/audit/v1/events?page_size=1' }),
  listCosts: () => ({ method: 'GET', path: '/billing/v1/costs?start_date=2026-01-01&end_date=2026-02-01' }),
  getBillingReport: () => ({ method: 'GET', path: '/billing/v1/reports?month=2026-01' }),
  queryMetrics: () => ({
    method: 'POST',
    path: '/v2/metrics/cloud/query',
    body: {
      aggregations: [{ metric: 'io.confluent.flink/compute_pool_utilization/cfu_minutes_consumed' }],
      granularity: 'ALL',
      intervals: ['2026-01-01T00:00:00Z/P1D'],
    },
  }),
  listMetricDescriptors: () => ({ method: 'GET', path: '/v2/metrics/cloud/descriptors/metrics' }),
  listResourceDescriptors: () => ({ method: 'GET', path: '/v2/metrics/cloud/descriptors/resources' }),
  exportMetrics: (f) => ({ method: 'GET', path: `/v2/metrics/cloud/export?resource.compute_pool.id=${f.pool}` }),
  deleteRoleBinding: (f) => ({ method: 'DELETE', path: `/iam/v2/role-bindings/${f.rb}` }),
};

function stmts(f: Fixture) {
  return `/sql/v1/organizations/${f.org}/environments/${f.env}/statements`;
}
function envCrn(f: Fixture) {
  return `crn://confluent.cloud/organization=${f.org}/environment=${f.env}`;
}

/** Reads first, then writes, then deletes (so a granted delete does not remove what later calls use). */
const ORDER = Object.keys(CALLS).sort((a, b) => rank(a) - rank(b));
function rank(op: string) {
  return op.startsWith('delete')
    ? op === 'deleteEnvironment'
      ? 3
      : 2
    : op.startsWith('get') || op.startsWith('list')
      ? 0
      : 1;
}

async function fixture(tenant: Tenant): Promise<Fixture> {
  const c = tenant.client;
  const env = await createEnvironment(c);
  const pool = await createPool(c, env.id);
  const statement = ok(
    await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
      ...statementsPath(tenant.organizationId, env.id),
      body: { name: unique('fx'), spec: { statement: 'SELECT 1', compute_pool_id: pool.id } },
    }),
  );
  const sa = ok(await c.POST('/iam/v2/service-accounts', { body: { display_name: unique('fx') } }));
  const member = ok(await c.POST('/iam/v2/users', { body: { email: `${unique('fx')}@x.test`, full_name: 'Fx' } }));
  const key = ok(await c.POST('/iam/v2/api-keys', { body: { spec: { owner: { id: sa.id } } } }));
  const rb = await bind(c, sa.id, 'Operator', env.metadata.resource_name!);
  const subscription = ok(await c.POST('/notifications/v1/subscriptions', { body: subscriptionBody(env.id) }));
  return {
    org: tenant.organizationId,
    env: env.id,
    pool: pool.id,
    statement: statement.name,
    sa: sa.id,
    user: tenant.adminUserId,
    member: member.id,
    key: key.id,
    rb: rb.id,
    subscription: subscription.id,
  };
}

/** A fixture with the same shape whose ids exist nowhere. */
function subscriptionBody(env: string) {
  return {
    spec: {
      url: 'https://hooks.example.com/cflink',
      event_types: ['STATEMENT_FAILED' as const],
      environment: { id: env },
    },
  };
}

function subscriptionPath(f: Fixture, tail = '') {
  return `/notifications/v1/subscriptions/${f.subscription}${tail}?environment=${f.env}`;
}

function missing(): Fixture {
  return {
    org: '00000000-0000-4000-8000-000000000000',
    env: 'env-missing',
    pool: 'lfcp-missing',
    statement: 'missing',
    sa: 'sa-missing',
    user: 'u-missing',
    member: 'u-missing2',
    key: newApiKeyId(),
    rb: 'rb-missing',
    subscription: 'nsub-missing',
  };
}

async function send(api: TestApi, auth: { key: string; secret: string }, call: Call) {
  const res = await fetch(`${api.baseUrl}${call.path}`, {
    method: call.method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${auth.key}:${auth.secret}`).toString('base64')}`,
      ...(call.body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: call.body ? JSON.stringify(call.body) : undefined,
  });
  const text = await res.text();
  // The metrics export answers in the Prometheus text format; everything else in JSON.
  const json = res.headers.get('content-type')?.startsWith('application/json');
  const body = (text && json ? JSON.parse(text) : text ? { text } : null) as {
    errors?: { code: string }[];
    text?: string;
  } | null;
  return { status: res.status, body };
}

describe('RBAC matrices over every operation', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('every route is bound to an operation the policy resolves (none bypasses it)', () => {
    const resolver = api.app.get(ResourceResolver);
    const resolved = new Map(resolver.operations().map((o) => [o.operationId as string, o.public]));
    const routes = api.app.get(RouteContract).routes();
    for (const route of routes) {
      if (route.public) continue;
      assert.ok(route.operationId, `${route.method} ${route.path} has an operation`);
      assert.equal(resolved.get(route.operationId), false, `${route.operationId} is resolved by the policy`);
    }
    const ops = api.app.get(RequestValidator).operationIds();
    for (const op of ops) assert.ok(resolved.has(op), `${op} has a resolution or is public`);
    const guarded = ops.filter((o) => resolved.get(o) === false).sort();
    assert.deepEqual(Object.keys(CALLS).sort(), guarded, 'the matrices below call every guarded operation');
  });

  for (const role of ROLE_NAMES) {
    it(`${role} on the organization: granted operations pass the policy, others get 403`, async () => {
      const f = await fixture(api.admin);
      const grantee = ok(
        await api.admin.client.POST('/iam/v2/users', {
          body: { email: `${unique(role.toLowerCase())}@x.test`, full_name: role },
        }),
      );
      const key = ok(
        await api.admin.client.POST('/iam/v2/api-keys', { body: { spec: { owner: { id: grantee.id } } } }),
      );
      await bind(api.admin.client, grantee.id, role, `crn://confluent.cloud/organization=${f.org}`);
      for (const op of ORDER) {
        const { status } = await send(api, { key: key.id, secret: key.spec.secret! }, CALLS[op](f));
        const allowed = roleGrants(role, actionOf(op)) || (DIRECTORY_ACTIONS as readonly string[]).includes(op);
        if (allowed) assert.notEqual(status, 403, `${role} ${op}`);
        else assert.equal(status, 403, `${role} ${op}`);
        assert.ok(status < 500, `${role} ${op}: ${status}`);
      }
    });
  }

  it('another organization: every operation answers as if the resource did not exist', async () => {
    const a = await fixture(api.admin);
    const b = await api.newTenant('intruder');
    const outsider = await api.newTenant('outsider');
    const noRole = ok(await outsider.client.POST('/iam/v2/service-accounts', { body: { display_name: 'none' } }));
    const noRoleKey = ok(
      await outsider.client.POST('/iam/v2/api-keys', { body: { spec: { owner: { id: noRole.id } } } }),
    );
    const callers = [
      { name: 'admin of B', key: b.apiKey, secret: b.secret },
      { name: 'no-role principal of C', key: noRoleKey.id, secret: noRoleKey.spec.secret! },
    ];
    for (const caller of callers) {
      for (const op of ORDER) {
        const real = await send(api, caller, CALLS[op](a));
        const fake = await send(api, caller, CALLS[op](missing()));
        const what = `${caller.name} ${op}: ${real.status} vs ${fake.status}`;
        assert.ok(real.status < 500, what);
        if (real.status >= 400) {
          assert.equal(real.status, fake.status, what);
          assert.equal(real.body?.errors?.[0]?.code, fake.body?.errors?.[0]?.code, what);
        } else {
          // Operations that do not name A's resources act on the caller's own organization.
          assert.ok(!JSON.stringify(real.body).includes(a.env) && !JSON.stringify(real.body).includes(a.sa), what);
        }
      }
    }
    // A's resources are untouched.
    ok(await api.admin.client.GET('/org/v2/environments/{id}', { params: { path: { id: a.env } } }));
    ok(await api.admin.client.GET('/iam/v2/service-accounts/{id}', { params: { path: { id: a.sa } } }));
    ok(await api.admin.client.GET('/iam/v2/api-keys/{id}', { params: { path: { id: a.key } } }));
    ok(await api.admin.client.GET('/iam/v2/role-bindings/{id}', { params: { path: { id: a.rb } } }));
  });
});
