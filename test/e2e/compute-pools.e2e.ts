import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nextPageToken, type CflinkClient } from '#client';
import { createEnvironment, createPool, failure, ok, startApi, unique, type TestApi } from './harness';

describe('compute pools and regions (fcpm/v2)', () => {
  let api: TestApi;
  let c: CflinkClient;
  before(async () => {
    api = await startApi();
    c = api.admin.client;
  });
  after(() => api.close());

  const poolBody = (env: string, spec: Record<string, unknown> = {}) => ({
    spec: {
      display_name: unique('pool'),
      cloud: 'AWS',
      region: 'us-east-1',
      max_cfu: 10 as const,
      environment: { id: env },
      ...spec,
    },
  });

  it('creates (202), reads, updates and deletes a pool', async () => {
    const env = await createEnvironment(c);
    const res = await c.POST('/fcpm/v2/compute-pools', { body: poolBody(env.id, { cloud: 'aws' }) });
    assert.equal(res.response.status, 202);
    const pool = ok(res);
    assert.match(pool.id, /^lfcp-[a-z0-9]+$/);
    assert.equal(pool.spec.cloud, 'AWS');
    assert.equal(pool.status.current_cfu, 0);
    assert.equal(pool.status.phase, 'PROVISIONED');
    assert.equal(pool.metadata.self, `${api.baseUrl}/fcpm/v2/compute-pools/${pool.id}`);
    assert.equal(
      pool.metadata.resource_name,
      `crn://confluent.cloud/organization=${api.admin.organizationId}/environment=${env.id}/flink-region=aws.us-east-1/compute-pool=${pool.id}`,
    );
    const q = { params: { path: { id: pool.id }, query: { environment: env.id } } };
    assert.deepEqual(ok(await c.GET('/fcpm/v2/compute-pools/{id}', q)), pool);

    const grown = ok(
      await c.PATCH('/fcpm/v2/compute-pools/{id}', {
        params: { path: { id: pool.id } },
        body: { spec: { max_cfu: 20, display_name: 'renamed', environment: { id: env.id } } },
      }),
    );
    assert.equal(grown.spec.max_cfu, 20);
    assert.equal(grown.spec.display_name, 'renamed');
    const [shrink] = failure(
      await c.PATCH('/fcpm/v2/compute-pools/{id}', {
        params: { path: { id: pool.id } },
        body: { spec: { max_cfu: 10, environment: { id: env.id } } },
      }),
      422,
    );
    assert.equal(shrink.source?.pointer, '/spec/max_cfu');
    assert.match(shrink.detail ?? '', /only be increased/);

    assert.equal((await c.DELETE('/fcpm/v2/compute-pools/{id}', q)).response.status, 204);
    failure(await c.GET('/fcpm/v2/compute-pools/{id}', q), 404);
  });

  it('validates pools, naming the field or parameter', async () => {
    const env = await createEnvironment(c);
    const bad = async (spec: Record<string, unknown>, status: number) =>
      failure(await c.POST('/fcpm/v2/compute-pools', { body: poolBody(env.id, spec) as never }), status)[0];
    assert.equal((await bad({ max_cfu: 7 }, 400)).source?.pointer, '/spec/max_cfu');
    assert.equal((await bad({ region: 'mars-1' }, 422)).source?.pointer, '/spec/region');
    assert.equal((await bad({ display_name: 'has space' }, 400)).source?.pointer, '/spec/display_name');
    assert.equal((await bad({ colour: 'red' }, 400)).source?.pointer, '/spec/colour');
    assert.equal((await bad({ network: { id: 'n-1' } }, 422)).source?.pointer, '/spec/network');
    assert.equal((await bad({ environment: { id: 'env-nope' } }, 404)).source?.pointer, '/spec/environment/id');
    const noEnv = await c.GET('/fcpm/v2/compute-pools', { params: { query: {} as never } });
    assert.equal(failure(noEnv, 400)[0].source?.parameter, 'environment');
    const pool = await createPool(c, env.id);
    const other = await createEnvironment(c);
    failure(
      await c.GET('/fcpm/v2/compute-pools/{id}', {
        params: { path: { id: pool.id }, query: { environment: other.id } },
      }),
      404,
    );
  });

  it('allows one default pool per environment and region', async () => {
    const env = await createEnvironment(c);
    ok(await c.POST('/fcpm/v2/compute-pools', { body: poolBody(env.id, { default_pool: true }) }));
    const [dup] = failure(
      await c.POST('/fcpm/v2/compute-pools', { body: poolBody(env.id, { default_pool: true }) }),
      409,
    );
    assert.equal(dup.source?.pointer, '/spec/default_pool');
  });

  it('lists pools page by page with the environment filter carried in metadata.next', async () => {
    const env = await createEnvironment(c);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await createPool(c, env.id)).id);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = ok(
        await c.GET('/fcpm/v2/compute-pools', {
          params: { query: { environment: env.id, page_size: 2, page_token: token } },
        }),
      );
      if (page.metadata.next) assert.match(page.metadata.next, new RegExp(`environment=${env.id}`));
      seen.push(...page.data.map((p) => p.id));
      token = nextPageToken(page.metadata.next);
    } while (token);
    assert.deepEqual(seen, ids);
    const filtered = ok(
      await c.GET('/fcpm/v2/compute-pools', { params: { query: { environment: env.id, 'spec.region': 'eu-west-1' } } }),
    );
    assert.deepEqual(filtered.data, []);
  });

  it('stops (does not delete) a deleted pool’s statements, which resume on another pool', async () => {
    const env = await createEnvironment(c);
    const doomed = await createPool(c, env.id);
    const next = await createPool(c, env.id);
    const path = { organization_id: api.admin.organizationId, environment_id: env.id };
    ok(
      await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: { path },
        body: { name: 'orphan', spec: { statement: 'SELECT 1', compute_pool_id: doomed.id } },
      }),
    );
    await c.DELETE('/fcpm/v2/compute-pools/{id}', {
      params: { path: { id: doomed.id }, query: { environment: env.id } },
    });
    const item = { params: { path: { ...path, statement_name: 'orphan' } } };
    const s = ok(
      await c.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
        item,
      ),
    );
    assert.equal(s.spec.stopped, true);
    assert.equal(s.status.phase, 'STOPPED');
    assert.equal(s.spec.compute_pool_id, doomed.id);
    assert.match(s.status.detail ?? '', /deleted/);
    const resume = await c.PUT(
      '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
      {
        ...item,
        body: { ...s, spec: { ...s.spec, stopped: false, compute_pool_id: next.id } },
      },
    );
    assert.equal(resume.response.status, 202);
    const resumed = ok(
      await c.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
        item,
      ),
    );
    assert.equal(resumed.status.phase, 'PENDING');
    assert.equal(resumed.spec.compute_pool_id, next.id);
  });

  it('lists the served region the way Terraform looks it up', async () => {
    const all = ok(await c.GET('/fcpm/v2/regions'));
    assert.deepEqual(
      all.data.map((r) => r.id),
      ['aws.us-east-1'],
    );
    const hit = ok(
      await c.GET('/fcpm/v2/regions', { params: { query: { cloud: 'AWS', region_name: 'us-east-1', page_size: 99 } } }),
    );
    assert.equal(hit.data.length, 1);
    assert.equal(hit.data[0].kind, 'Region');
    assert.equal(hit.data[0].api_version, 'fcpm/v2');
    assert.equal(hit.data[0].http_endpoint, api.baseUrl);
    const miss = ok(await c.GET('/fcpm/v2/regions', { params: { query: { cloud: 'GCP' } } }));
    assert.deepEqual(miss.data, []);
  });
});
