import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkedResponses } from './response-contract';
import { bind, createEnvironment, createPool, failure, ok, startApi, unique, type TestApi } from './harness';

describe('environments (org/v2)', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('create, get, patch, list and delete an environment', async () => {
    const c = api.admin.client;
    const checkedBefore = checkedResponses.count;
    const name = unique('analytics');
    const created = await c.POST('/org/v2/environments', { body: { display_name: name } });
    assert.equal(created.response.status, 201);
    const env = ok(created);
    assert.match(env.id, /^env-[a-z0-9]+$/);
    assert.equal(env.api_version, 'org/v2');
    assert.equal(env.kind, 'Environment');
    assert.equal(env.metadata.self, `${api.baseUrl}/org/v2/environments/${env.id}`);
    assert.equal(
      env.metadata.resource_name,
      `crn://confluent.cloud/organization=${api.admin.organizationId}/environment=${env.id}`,
    );
    assert.equal(env.stream_governance_config?.package, 'ESSENTIALS');

    const got = ok(await c.GET('/org/v2/environments/{id}', { params: { path: { id: env.id } } }));
    assert.deepEqual(got, env);

    const patched = ok(
      await c.PATCH('/org/v2/environments/{id}', {
        params: { path: { id: env.id } },
        body: { display_name: `${name}-prod`, stream_governance_config: { package: 'ADVANCED' } },
      }),
    );
    assert.equal(patched.display_name, `${name}-prod`);
    assert.equal(patched.stream_governance_config?.package, 'ADVANCED');

    const list = ok(await c.GET('/org/v2/environments', { params: { query: { page_size: 100 } } }));
    assert.equal(list.kind, 'EnvironmentList');
    assert.ok(list.data.some((e) => e.id === env.id && e.display_name === `${name}-prod`));

    // Each of the four responses above was checked against its OpenAPI response schema.
    assert.equal(checkedResponses.count - checkedBefore, 4);

    const deleted = await c.DELETE('/org/v2/environments/{id}', { params: { path: { id: env.id } } });
    assert.equal(deleted.response.status, 204);
    failure(await c.GET('/org/v2/environments/{id}', { params: { path: { id: env.id } } }), 404);
  });

  it('refuses to delete an environment that still holds a compute pool', async () => {
    const c = api.admin.client;
    const env = await createEnvironment(c);
    const pool = await createPool(c, env.id);
    const [err] = failure(await c.DELETE('/org/v2/environments/{id}', { params: { path: { id: env.id } } }), 409);
    assert.match(err.detail ?? '', /compute pool/);
    ok(await c.GET('/org/v2/environments/{id}', { params: { path: { id: env.id } } }));
    await c.DELETE('/fcpm/v2/compute-pools/{id}', {
      params: { path: { id: pool.id }, query: { environment: env.id } },
    });
    assert.equal(
      (await c.DELETE('/org/v2/environments/{id}', { params: { path: { id: env.id } } })).response.status,
      204,
    );
  });

  it('takes the role bindings inside it and its Flink region API keys with it', async () => {
    const c = api.admin.client;
    const env = await createEnvironment(c);
    const kept = await createEnvironment(c);
    const sa = ok(await c.POST('/iam/v2/service-accounts', { body: { display_name: unique('env-sa') } }));
    const crn = env.metadata.resource_name!;
    const inside = await bind(c, sa.id, 'DeveloperRead', `${crn}/cloud-cluster=lkc-x/kafka=lkc-x/topic=t*`);
    const on = await bind(c, sa.id, 'EnvironmentAdmin', crn);
    const elsewhere = await bind(c, sa.id, 'EnvironmentAdmin', kept.metadata.resource_name!);
    const regionKey = (environment: string) =>
      c.POST('/iam/v2/api-keys', {
        body: { spec: { owner: { id: sa.id }, resource: { id: 'aws.us-east-1', environment } } },
      });
    const key = ok(await regionKey(env.id));
    const keptKey = ok(await regionKey(kept.id));

    assert.equal(
      (await c.DELETE('/org/v2/environments/{id}', { params: { path: { id: env.id } } })).response.status,
      204,
    );
    for (const rb of [inside, on]) {
      failure(await c.GET('/iam/v2/role-bindings/{id}', { params: { path: { id: rb.id } } }), 404);
    }
    failure(await c.GET('/iam/v2/api-keys/{id}', { params: { path: { id: key.id } } }), 404);
    ok(await c.GET('/iam/v2/role-bindings/{id}', { params: { path: { id: elsewhere.id } } }));
    ok(await c.GET('/iam/v2/api-keys/{id}', { params: { path: { id: keptKey.id } } }));
  });

  it('refuses a display name another environment of the organization has, on create, rename and in a race', async () => {
    const c = api.admin.client;
    const first = await createEnvironment(c);
    const [taken] = failure(await c.POST('/org/v2/environments', { body: { display_name: first.display_name } }), 409);
    assert.equal(taken.code, 'resource_already_exists');
    assert.equal(taken.source?.pointer, '/display_name');
    assert.match(taken.detail ?? '', /catalog/);

    const second = await createEnvironment(c);
    const rename = (id: string, display_name: string) =>
      c.PATCH('/org/v2/environments/{id}', { params: { path: { id } }, body: { display_name } });
    const [renamed] = failure(await rename(second.id, first.display_name), 409);
    assert.equal(renamed.source?.pointer, '/display_name');
    // Keeping its own name is no conflict; another organization may use the same name.
    assert.equal(ok(await rename(first.id, first.display_name)).display_name, first.display_name);
    const other = await api.newTenant('same-names');
    ok(await other.client.POST('/org/v2/environments', { body: { display_name: first.display_name } }));

    const racing = unique('race');
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () => c.POST('/org/v2/environments', { body: { display_name: racing } })),
    ).then((all) => all.map((r) => r.response.status).sort());
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409]);
  });

  it('validates display names and unknown fields, naming the field', async () => {
    const c = api.admin.client;
    const [missing] = failure(await c.POST('/org/v2/environments', { body: {} as never }), 400);
    assert.equal(missing.source?.pointer, '/display_name');
    const [badName] = failure(await c.POST('/org/v2/environments', { body: { display_name: '-bad-' } }), 400);
    assert.equal(badName.source?.pointer, '/display_name');
    const errs = failure(
      await c.POST('/org/v2/environments', { body: { display_name: 'ok', colour: 'red' } as never }),
      400,
    );
    assert.deepEqual(
      errs.map((e) => e.source?.pointer),
      ['/colour'],
    );
    const [pkg] = failure(
      await c.POST('/org/v2/environments', {
        body: { display_name: 'ok', stream_governance_config: { package: 'GOLD' as never } },
      }),
      400,
    );
    assert.equal(pkg.source?.pointer, '/stream_governance_config/package');
    assert.match(pkg.detail ?? '', /ESSENTIALS/);
  });

  it('serves the caller organization only', async () => {
    const c = api.admin.client;
    const orgs = ok(await c.GET('/org/v2/organizations'));
    assert.deepEqual(
      orgs.data.map((o) => o.id),
      [api.admin.organizationId],
    );
    const org = ok(await c.GET('/org/v2/organizations/{id}', { params: { path: { id: api.admin.organizationId } } }));
    assert.equal(org.kind, 'Organization');
    const other = await api.newTenant('other');
    failure(await c.GET('/org/v2/organizations/{id}', { params: { path: { id: other.organizationId } } }), 404);
  });
});
