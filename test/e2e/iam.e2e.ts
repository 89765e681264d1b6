import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nextPageToken } from '#client';
import { PrismaService } from '#db';
import {
  bind,
  createEnvironment,
  createPool,
  failure,
  keyFor,
  ok,
  startApi,
  statementsPath,
  unique,
  type TestApi,
} from './harness';

describe('IAM (iam/v2) and RBAC', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('worked example: admin → service account → FlinkDeveloper on one pool → statement as the account', async () => {
    const admin = api.admin.client;
    const org = api.admin.organizationId;
    const env = await createEnvironment(admin);
    const poolA = await createPool(admin, env.id);
    const poolB = await createPool(admin, env.id);

    const created = await admin.POST('/iam/v2/service-accounts', { body: { display_name: unique('etl') } });
    assert.equal(created.response.status, 201);
    const sa = ok(created);
    assert.match(sa.id, /^sa-[a-z0-9]+$/);
    assert.equal(sa.metadata.resource_name, `crn://confluent.cloud/organization=${org}/service-account=${sa.id}`);

    const keyRes = ok(await admin.POST('/iam/v2/api-keys', { body: { spec: { owner: { id: sa.id } } } }));
    assert.match(keyRes.id, /^[A-Z0-9]{16}$/);
    assert.ok(keyRes.spec.secret && keyRes.spec.secret.length >= 32, 'secret shown at creation');
    const read = ok(await admin.GET('/iam/v2/api-keys/{id}', { params: { path: { id: keyRes.id } } }));
    assert.equal(read.spec.secret, undefined, 'secret never shown again');
    assert.equal(read.spec.owner.id, sa.id);
    assert.equal(read.spec.resource.id, 'cloud');
    const saClient = api.client(keyRes.id, keyRes.spec.secret);

    // Before any binding the account may read the directory but not the environment.
    ok(await saClient.GET('/iam/v2/service-accounts/{id}', { params: { path: { id: sa.id } } }));
    failure(await saClient.GET('/org/v2/environments/{id}', { params: { path: { id: env.id } } }), 403);

    const rb = await bind(admin, sa.id, 'FlinkDeveloper', poolA.metadata.resource_name!);
    assert.match(rb.id, /^rb-[a-z0-9]+$/);

    const stmt = await saClient.POST(
      '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements',
      {
        ...statementsPath(org, env.id),
        body: { name: unique('s'), spec: { statement: 'SELECT 1', compute_pool_id: poolA.id } },
      },
    );
    assert.equal(stmt.response.status, 201);
    assert.equal(ok(stmt).spec.principal, sa.id, 'principal defaults to the caller');

    // Other pool of the same environment: 403, not 404; lists show its pool only.
    const [denied] = failure(
      await saClient.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        ...statementsPath(org, env.id),
        body: { name: unique('s'), spec: { statement: 'SELECT 1', compute_pool_id: poolB.id } },
      }),
      403,
    );
    assert.match(denied.detail ?? '', /FlinkDeveloper/);
    const other = ok(
      await admin.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        ...statementsPath(org, env.id),
        body: { name: unique('s'), spec: { statement: 'SELECT 2', compute_pool_id: poolB.id } },
      }),
    );
    const item = (name: string) => ({
      params: { path: { organization_id: org, environment_id: env.id, statement_name: name } },
    });
    failure(
      await saClient.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
        item(other.name),
      ),
      403,
    );
    failure(
      await saClient.DELETE(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
        item(other.name),
      ),
      403,
    );
    failure(
      await saClient.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
        item('no-such-statement'),
      ),
      403,
    );
    const list = ok(
      await saClient.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: { path: { organization_id: org, environment_id: env.id }, query: { page_size: 100 } },
      }),
    );
    assert.deepEqual(
      list.data.map((s) => s.spec.compute_pool_id),
      [poolA.id],
    );
    const adminList = ok(
      await admin.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: { path: { organization_id: org, environment_id: env.id }, query: { page_size: 100 } },
      }),
    );
    assert.equal(adminList.data.length, 2);
    const pools = ok(await saClient.GET('/fcpm/v2/compute-pools', { params: { query: { environment: env.id } } }));
    assert.deepEqual(
      pools.data.map((p) => p.id),
      [poolA.id],
    );
    ok(await saClient.GET('/org/v2/environments/{id}', { params: { path: { id: env.id } } }));
    const envs = ok(await saClient.GET('/org/v2/environments', { params: { query: { page_size: 100 } } }));
    assert.deepEqual(
      envs.data.map((e) => e.id),
      [env.id],
    );
    failure(
      await saClient.POST('/fcpm/v2/compute-pools', {
        body: {
          spec: { display_name: 'x', cloud: 'AWS', region: 'us-east-1', max_cfu: 5, environment: { id: env.id } },
        },
      }),
      403,
    );
    failure(await saClient.POST('/iam/v2/service-accounts', { body: { display_name: 'nope' } }), 403);
  });

  it('naming a service account as statement principal requires Assigner on it', async () => {
    const admin = api.admin.client;
    const org = api.admin.organizationId;
    const env = await createEnvironment(admin);
    const pool = await createPool(admin, env.id);
    const user = ok(
      await admin.POST('/iam/v2/users', { body: { email: `${unique('dev')}@example.test`, full_name: 'Dev' } }),
    );
    const sa = ok(await admin.POST('/iam/v2/service-accounts', { body: { display_name: unique('runner') } }));
    const dev = await keyFor(api, admin, user.id);
    await bind(admin, user.id, 'FlinkDeveloper', env.metadata.resource_name!);
    const submit = () =>
      dev.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        ...statementsPath(org, env.id),
        body: { name: unique('s'), spec: { statement: 'SELECT 1', compute_pool_id: pool.id, principal: sa.id } },
      });
    const [err] = failure(await submit(), 403);
    assert.match(err.detail ?? '', /Assigner/);
    await bind(admin, user.id, 'Assigner', sa.metadata.resource_name!);
    const created = ok(await submit());
    assert.equal(created.spec.principal, sa.id);
    assert.match(created.status.identity ?? '', /service-account=/);
  });

  it('a deleted key stops working at once; deleting a service account removes its keys and bindings', async () => {
    const admin = api.admin.client;
    const sa = ok(await admin.POST('/iam/v2/service-accounts', { body: { display_name: unique('tmp') } }));
    const k1 = ok(
      await admin.POST('/iam/v2/api-keys', { body: { spec: { owner: { id: sa.id }, display_name: 'one' } } }),
    );
    const k2 = ok(await admin.POST('/iam/v2/api-keys', { body: { spec: { owner: { id: sa.id } } } }));
    const c1 = api.client(k1.id, k1.spec.secret);
    const c2 = api.client(k2.id, k2.spec.secret);
    ok(await c1.GET('/iam/v2/users'));
    const patched = ok(
      await admin.PATCH('/iam/v2/api-keys/{id}', {
        params: { path: { id: k1.id } },
        body: { spec: { description: 'd' } },
      }),
    );
    assert.equal(patched.spec.description, 'd');
    assert.equal(patched.spec.display_name, 'one');
    assert.equal(
      (await admin.DELETE('/iam/v2/api-keys/{id}', { params: { path: { id: k1.id } } })).response.status,
      204,
    );
    failure(await c1.GET('/iam/v2/users'), 401);

    const rb = await bind(
      admin,
      sa.id,
      'MetricsViewer',
      `crn://confluent.cloud/organization=${api.admin.organizationId}`,
    );
    ok(await c2.GET('/iam/v2/users'));
    assert.equal(
      (await admin.DELETE('/iam/v2/service-accounts/{id}', { params: { path: { id: sa.id } } })).response.status,
      204,
    );
    failure(await c2.GET('/iam/v2/users'), 401);
    failure(await admin.GET('/iam/v2/role-bindings/{id}', { params: { path: { id: rb.id } } }), 404);
    failure(await admin.GET('/iam/v2/api-keys/{id}', { params: { path: { id: k2.id } } }), 404);
  });

  it('a deleted role binding applies to the next request, though the key was just used', async () => {
    const admin = api.admin.client;
    const env = await createEnvironment(admin);
    const sa = ok(await admin.POST('/iam/v2/service-accounts', { body: { display_name: unique('rb-revoke') } }));
    const client = await keyFor(api, admin, sa.id);
    const rb = await bind(admin, sa.id, 'EnvironmentAdmin', env.metadata.resource_name!);
    const read = () => client.GET('/org/v2/environments/{id}', { params: { path: { id: env.id } } });
    ok(await read());
    ok(await read()); // the key and its bindings are now reused (ApiKeyCache)
    ok(await admin.DELETE('/iam/v2/role-bindings/{id}', { params: { path: { id: rb.id } } }));
    failure(await read(), 403);
  });

  it('role bindings: validation, partial-match list, immutable, delete answers 200 with the binding', async () => {
    const admin = api.admin.client;
    const org = api.admin.organizationId;
    const env = await createEnvironment(admin);
    const sa = ok(await admin.POST('/iam/v2/service-accounts', { body: { display_name: unique('rb') } }));
    const [missing] = failure(await admin.GET('/iam/v2/role-bindings', { params: { query: {} as never } }), 400);
    assert.equal(missing.source?.parameter, 'crn_pattern');
    const bad = (body: Record<string, string>) => admin.POST('/iam/v2/role-bindings', { body: body as never });
    const base = { principal: `User:${sa.id}`, role_name: 'FlinkDeveloper', crn_pattern: env.metadata.resource_name! };
    assert.equal(failure(await bad({ ...base, role_name: 'God' }), 400)[0].source?.pointer, '/role_name');
    assert.equal(failure(await bad({ ...base, principal: 'sa-1' }), 400)[0].source?.pointer, '/principal');
    assert.equal(failure(await bad({ ...base, crn_pattern: 'env-1' }), 400)[0].source?.pointer, '/crn_pattern');
    const otherOrg = 'crn://confluent.cloud/organization=00000000-0000-0000-0000-000000000000';
    failure(await bad({ ...base, crn_pattern: otherOrg }), 422);
    failure(await bad({ ...base, principal: 'User:sa-doesnotexist' }), 422);

    const rb = await bind(
      admin,
      sa.id,
      'FlinkDeveloper',
      `${env.metadata.resource_name}/flink-region=aws.us-east-1/compute-pool=lfcp-x`,
    );
    const list = (crn_pattern: string, extra: Record<string, string> = {}) =>
      admin.GET('/iam/v2/role-bindings', { params: { query: { crn_pattern, page_size: 100, ...extra } } });
    const ids = async (crn: string, extra?: Record<string, string>) => ok(await list(crn, extra)).data.map((b) => b.id);
    assert.ok((await ids(env.metadata.resource_name!)).includes(rb.id), 'listed under its environment');
    assert.ok((await ids(`crn://confluent.cloud/organization=${org}/environment=env-*`)).includes(rb.id), 'prefix');
    assert.ok(!(await ids(`crn://confluent.cloud/organization=${org}/environment=env-other`)).includes(rb.id));
    assert.deepEqual(await ids(`crn://confluent.cloud/organization=${org}`, { principal: `User:${sa.id}` }), [rb.id]);

    const deleted = await admin.DELETE('/iam/v2/role-bindings/{id}', { params: { path: { id: rb.id } } });
    assert.equal(deleted.response.status, 200);
    assert.equal(ok(deleted).id, rb.id);
    failure(await admin.GET('/iam/v2/role-bindings/{id}', { params: { path: { id: rb.id } } }), 404);
  });

  it('the bootstrap admin holds OrganizationAdmin on its organization', async () => {
    const crn = `crn://confluent.cloud/organization=${api.admin.organizationId}`;
    const list = ok(
      await api.admin.client.GET('/iam/v2/role-bindings', {
        params: { query: { crn_pattern: crn, principal: `User:${api.admin.adminUserId}` } },
      }),
    );
    assert.deepEqual(
      list.data.map((b) => [b.role_name, b.crn_pattern]),
      [['OrganizationAdmin', crn]],
    );
  });

  it('a Flink region key reaches only sql/v1 of its environment', async () => {
    const admin = api.admin.client;
    const org = api.admin.organizationId;
    const env = await createEnvironment(admin);
    const pool = await createPool(admin, env.id);
    const key = ok(
      await admin.POST('/iam/v2/api-keys', {
        body: {
          spec: { owner: { id: api.admin.adminUserId }, resource: { id: 'aws.us-east-1', environment: env.id } },
        },
      }),
    );
    assert.equal(key.spec.resource.kind, 'Region');
    assert.equal(key.spec.resource.environment, env.id);
    const flink = api.client(key.id, key.spec.secret);
    ok(
      await flink.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        ...statementsPath(org, env.id),
        body: { name: unique('s'), spec: { statement: 'SELECT 1', compute_pool_id: pool.id } },
      }),
    );
    failure(await flink.GET('/org/v2/environments'), 403);
    const env2 = await createEnvironment(admin);
    failure(
      await flink.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements',
        statementsPath(org, env2.id),
      ),
      403,
    );
  });

  it('records an audit event with the resource CRN for each mutation', async () => {
    const admin = api.admin.client;
    const created = await admin.POST('/iam/v2/service-accounts', { body: { display_name: unique('audited') } });
    const sa = ok(created);
    await admin.DELETE('/iam/v2/service-accounts/{id}', { params: { path: { id: sa.id } } });
    const requestId = created.response.headers.get('x-request-id')!;
    const prisma = api.app.get(PrismaService);
    // The audit write happens after the response is sent.
    let events: { action: string; resourceName: string | null; status: number }[] = [];
    for (let i = 0; i < 50 && events.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      events = await prisma.auditEvent.findMany({
        where: {
          organizationId: api.admin.organizationId,
          OR: [{ requestId }, { resource: `/iam/v2/service-accounts/${sa.id}` }],
        },
        orderBy: { id: 'asc' },
      });
    }
    assert.deepEqual(
      events.map((e) => [e.action, e.status]),
      [
        ['createServiceAccount', 201],
        ['deleteServiceAccount', 204],
      ],
    );
    assert.equal(
      events[1].resourceName,
      `crn://confluent.cloud/organization=${api.admin.organizationId}/service-account=${sa.id}`,
    );
  });

  it('admins query the audit log with filters and pagination; secrets never appear in it', async () => {
    const admin = api.admin.client;
    const sa = ok(await admin.POST('/iam/v2/service-accounts', { body: { display_name: unique('audit') } }));
    const key = ok(await admin.POST('/iam/v2/api-keys', { body: { spec: { owner: { id: sa.id } } } }));
    await admin.PATCH('/iam/v2/service-accounts/{id}', { params: { path: { id: sa.id } }, body: { description: 'a' } });
    await admin.PATCH('/iam/v2/service-accounts/{id}', { params: { path: { id: sa.id } }, body: { description: 'b' } });
    const resource_name = `crn://confluent.cloud/organization=${api.admin.organizationId}/service-account=${sa.id}`;
    const query = { action: 'updateServiceAccount', resource_name, page_size: 1 };
    let first = ok(await admin.GET('/audit/v1/events', { params: { query } }));
    for (let i = 0; i < 50 && first.metadata.next === null; i++) {
      await new Promise((r) => setTimeout(r, 20)); // audit rows are written after the response
      first = ok(await admin.GET('/audit/v1/events', { params: { query } }));
    }
    assert.deepEqual(
      first.data.map((e) => [e.action, e.status, e.principal, e.resource_name]),
      [['updateServiceAccount', 200, api.admin.adminUserId, resource_name]],
    );
    const page_token = nextPageToken(first.metadata.next);
    const second = ok(await admin.GET('/audit/v1/events', { params: { query: { ...query, page_token } } }));
    assert.equal(second.data.length, 1);
    assert.notEqual(second.data[0].id, first.data[0].id);
    const all = ok(await admin.GET('/audit/v1/events', { params: { query: { page_size: 100 } } }));
    assert.ok(!JSON.stringify(all).includes(key.spec.secret!), 'no secret in the audit log');
    const nonAdmin = await keyFor(api, admin, sa.id);
    failure(await nonAdmin.GET('/audit/v1/events'), 403);
  });
});
