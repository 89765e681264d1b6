import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nextPageToken, type CflinkClient, type Schemas } from '#client';
import { readOutboxCommand } from '#contracts';
import { PrismaService } from '#db';
import { createEnvironment, createPool, failure, ok, startApi, type TestApi } from './harness';

type Statement = Schemas['Statement'];

describe('statements (sql/v1)', () => {
  let api: TestApi;
  let c: CflinkClient;
  let org: string;
  before(async () => {
    api = await startApi();
    c = api.admin.client;
    org = api.admin.organizationId;
  });
  after(() => api.close());

  const base = (env: string) => ({ organization_id: org, environment_id: env });
  const item = (env: string, name: string) => ({ params: { path: { ...base(env), statement_name: name } } });

  async function create(
    env: string,
    name: string,
    spec: Partial<Statement['spec']> = {},
    labels?: Record<string, string>,
  ) {
    return c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
      params: { path: base(env) },
      body: { name, spec: { statement: 'SELECT 1', ...spec }, ...(labels ? { metadata: { labels } } : {}) },
    });
  }

  const get = async (env: string, name: string) =>
    ok(
      await c.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
        item(env, name),
      ),
    );

  /** PUT the statement back as read, with `change` applied to its spec. */
  async function put(env: string, read: Statement, change: Partial<Statement['spec']>, version?: string) {
    const body = {
      ...read,
      metadata: { ...read.metadata, resource_version: version ?? read.metadata.resource_version },
      spec: { ...read.spec, ...change },
    };
    return c.PUT('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}', {
      ...item(env, read.name),
      body,
    });
  }

  async function commandsFor(uid: string): Promise<string[]> {
    const rows = await api.app
      .get(PrismaService)
      .outboxCommand.findMany({ where: { subjectId: uid }, orderBy: { id: 'asc' } });
    // What the API writes is what the scheduler's relay accepts.
    for (const r of rows) {
      const read = readOutboxCommand(r);
      assert.ok(read.ok, read.ok ? '' : read.reason);
    }
    return rows.map((r) => r.command);
  }

  it('creates a PENDING statement that echoes its spec, with a StartStatement command in the outbox', async () => {
    const env = await createEnvironment(c);
    const pool = await createPool(c, env.id);
    const properties = { 'sql.current-catalog': 'dev', 'sql.local-time-zone': 'UTC' };
    const res = await create(env.id, 'orders-copy', { compute_pool_id: pool.id, properties }, { team: 'data' });
    assert.equal(res.response.status, 201);
    const s = ok(res);
    assert.equal(s.api_version, 'sql/v1');
    assert.equal(s.kind, 'Statement');
    assert.equal(s.organization_id, org);
    assert.equal(s.environment_id, env.id);
    assert.equal(s.spec.statement, 'SELECT 1');
    assert.deepEqual(s.spec.properties, properties);
    assert.equal(s.spec.compute_pool_id, pool.id);
    assert.equal(s.spec.principal, api.admin.adminUserId);
    assert.equal(s.spec.stopped, false);
    assert.deepEqual(s.metadata.labels, { team: 'data' });
    assert.equal(s.metadata.resource_version, '1');
    assert.match(s.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.equal(
      s.metadata.self,
      `${api.baseUrl}/sql/v1/organizations/${org}/environments/${env.id}/statements/orders-copy`,
    );
    assert.equal(s.status.phase, 'PENDING');
    assert.match(s.status.detail ?? '', new RegExp(pool.id));
    assert.equal(s.status.identity, `crn://confluent.cloud/organization=${org}/user=${api.admin.adminUserId}`);
    assert.deepEqual(await get(env.id, 'orders-copy'), s);
    assert.deepEqual(await commandsFor(s.metadata.uid), ['StartStatement']);
  });

  it('runs a statement without a pool on the default pool, created once per environment', async () => {
    const env = await createEnvironment(c);
    const a = ok(await create(env.id, 'a'));
    const b = ok(await create(env.id, 'b'));
    assert.equal(a.spec.compute_pool_id, b.spec.compute_pool_id);
    const pools = ok(await c.GET('/fcpm/v2/compute-pools', { params: { query: { environment: env.id } } }));
    assert.equal(pools.data.length, 1);
    assert.equal(pools.data[0].id, a.spec.compute_pool_id);
    assert.equal(pools.data[0].spec.default_pool, true);
  });

  it('enforces names, uniqueness and references with the field named', async () => {
    const env = await createEnvironment(c);
    for (const name of ['Upper', 'under_score', 'x'.repeat(101), '-dash', 'a..b']) {
      const [e] = failure(await create(env.id, name), 400);
      assert.equal(e.source?.pointer, '/name', name);
    }
    ok(await create(env.id, 'taken'));
    const [dup] = failure(await create(env.id, 'taken'), 409);
    assert.equal(dup.code, 'resource_already_exists');
    const [pool] = failure(await create(env.id, 'p', { compute_pool_id: 'lfcp-missing' }), 422);
    assert.equal(pool.source?.pointer, '/spec/compute_pool_id');
    const [principal] = failure(await create(env.id, 'q', { principal: 'u-nobody' }), 422);
    assert.equal(principal.source?.pointer, '/spec/principal');
    const [sql] = failure(await create(env.id, 'r', { statement: '' }), 400);
    assert.equal(sql.source?.pointer, '/spec/statement');
    const mismatch = await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
      params: { path: base(env.id) },
      body: { name: 's', environment_id: 'env-other', spec: { statement: 'SELECT 1' } },
    });
    assert.equal(failure(mismatch, 400)[0].source?.pointer, '/environment_id');
    failure(
      await c.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
        item(env.id, 'nope'),
      ),
      404,
    );
  });

  it('stops and resumes with PUT, bumping resource_version and queueing nothing for an undispatched statement', async () => {
    const env = await createEnvironment(c);
    const p1 = await createPool(c, env.id);
    const p2 = await createPool(c, env.id);
    const s = ok(await create(env.id, 'job', { compute_pool_id: p1.id }));

    const stop = await put(env.id, s, { stopped: true });
    assert.equal(stop.response.status, 202);
    assert.equal(await stop.response.text().catch(() => ''), '');
    const stopped = await get(env.id, 'job');
    assert.equal(stopped.spec.stopped, true);
    assert.equal(stopped.status.phase, 'STOPPED');
    assert.equal(stopped.metadata.resource_version, '2');
    assert.ok(stopped.status.end_time);

    // Only stopped may change in a stop; pool/principal only with a resume.
    assert.equal(
      failure(await put(env.id, stopped, { compute_pool_id: p2.id }), 422)[0].source?.pointer,
      '/spec/compute_pool_id',
    );
    assert.equal(
      failure(await put(env.id, s, { stopped: true }), 409)[0].source?.pointer,
      '/metadata/resource_version',
    );
    assert.equal(
      failure(await put(env.id, stopped, { statement: 'SELECT 2' }), 422)[0].source?.pointer,
      '/spec/statement',
    );
    assert.equal(
      failure(await put(env.id, stopped, { properties: { 'sql.state-ttl': '1h' } }), 422)[0].source?.pointer,
      '/spec/properties',
    );

    assert.equal((await put(env.id, stopped, { stopped: false, compute_pool_id: p2.id })).response.status, 202);
    const resumed = await get(env.id, 'job');
    assert.equal(resumed.status.phase, 'PENDING');
    assert.equal(resumed.spec.compute_pool_id, p2.id);
    assert.equal(resumed.spec.stopped, false);
    assert.equal(resumed.metadata.resource_version, '3');
    assert.equal(resumed.status.end_time, undefined);
    assert.deepEqual(await commandsFor(s.metadata.uid), ['StartStatement', 'StartStatement']);

    const wrongName = await c.PUT(
      '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
      {
        ...item(env.id, 'job'),
        body: { ...resumed, name: 'other' },
      },
    );
    assert.equal(failure(wrongName, 400)[0].source?.pointer, '/name');
  });

  it('lets exactly one of two concurrent PUTs with the same resource_version win', async () => {
    const env = await createEnvironment(c);
    for (let i = 0; i < 5; i++) {
      const s = ok(await create(env.id, `race-${i}`));
      const results = await Promise.all([put(env.id, s, { stopped: true }), put(env.id, s, { stopped: true })]);
      const codes = results.map((r) => r.response.status).sort();
      assert.deepEqual(codes, [202, 409], `round ${i}`);
      assert.equal((await get(env.id, s.name)).metadata.resource_version, '2');
    }
  });

  it('pages through 250 statements, each exactly once in creation order', async () => {
    const env = await createEnvironment(c);
    const pool = await createPool(c, env.id);
    const names = Array.from({ length: 250 }, (_, i) => `page-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < names.length; i += 25) {
      await Promise.all(names.slice(i, i + 25).map((n) => create(env.id, n, { compute_pool_id: pool.id }).then(ok)));
    }
    const created = await api.app
      .get(PrismaService)
      .statement.findMany({ where: { environmentId: env.id }, orderBy: { seq: 'asc' }, select: { name: true } });

    for (const pageSize of [100, undefined]) {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = ok(
          await c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
            params: { path: base(env.id), query: { page_size: pageSize, page_token: token } },
          }),
        );
        assert.ok(page.data.length <= (pageSize ?? 10));
        seen.push(...page.data.map((s) => s.name));
        token = nextPageToken(page.metadata.next);
        pages++;
      } while (token);
      assert.deepEqual(
        seen,
        created.map((r) => r.name),
        `page_size ${pageSize}`,
      );
      assert.equal(pages, Math.ceil(250 / (pageSize ?? 10)));
    }

    const first = ok(
      await c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: { path: base(env.id), query: { page_size: 5 } },
      }),
    );
    const reused = await c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
      params: {
        path: base(env.id),
        query: { page_token: nextPageToken(first.metadata.next), 'spec.compute_pool_id': pool.id },
      },
    });
    assert.equal(failure(reused, 400)[0].source?.parameter, 'page_token');
  });

  it('filters lists by compute pool and label selector', async () => {
    const env = await createEnvironment(c);
    const p1 = await createPool(c, env.id);
    const p2 = await createPool(c, env.id);
    ok(await create(env.id, 'l1', { compute_pool_id: p1.id }, { team: 'a', tier: 'gold' }));
    ok(await create(env.id, 'l2', { compute_pool_id: p1.id }, { team: 'a' }));
    ok(await create(env.id, 'l3', { compute_pool_id: p2.id }, { team: 'b', tier: 'gold' }));
    const names = async (query: Record<string, string>) =>
      ok(
        await c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
          params: { path: base(env.id), query },
        }),
      ).data.map((s) => s.name);
    assert.deepEqual(await names({ 'spec.compute_pool_id': p1.id }), ['l1', 'l2']);
    assert.deepEqual(await names({ label_selector: 'team=a' }), ['l1', 'l2']);
    assert.deepEqual(await names({ label_selector: 'team=a,tier' }), ['l1']);
    assert.deepEqual(await names({ label_selector: 'tier' }), ['l1', 'l3']);
    assert.deepEqual(await names({ label_selector: 'tier=gold', 'spec.compute_pool_id': p2.id }), ['l3']);
    const bad = await c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
      params: { path: base(env.id), query: { label_selector: 'team!=a' } },
    });
    assert.equal(failure(bad, 400)[0].source?.parameter, 'label_selector');
  });

  it('lists each statement byte for byte as GET writes it, optional fields set and unset', async () => {
    const env = await createEnvironment(c);
    const plain = ok(await create(env.id, 'plain'));
    const full = ok(
      await create(
        env.id,
        'full',
        { properties: { 'sql.local-time-zone': 'UTC' }, scaling: { baseline_cfu: 2 } },
        { team: 'a' },
      ),
    );
    // Everything the engine side fills in, at instants with odd milliseconds (PostgreSQL formats
    // the list's, the view formats GET's).
    await api.app.get(PrismaService).statement.update({
      where: { uid: full.metadata.uid },
      data: {
        phase: 'STOPPED',
        traits: { sql_kind: 'SELECT', is_bounded: false, is_append_only: true, upsert_columns: [] },
        latestOffsets: { orders: 'partition:0,offset:7' },
        latestOffsetsTimestamp: new Date('2026-11-28T10:00:00.007Z'),
        latestMetrics: { at: '2026-11-28T10:00:00Z', skippedRecords: 3, deadLetterRecords: 1 },
        scalingUpdatedAt: new Date('2026-11-28T09:59:59.090Z'),
        startTime: new Date('2026-11-28T08:29:58.500Z'),
        endTime: new Date('2026-11-28T10:00:01.000Z'),
      },
    });
    const auth = `Basic ${Buffer.from(`${api.admin.apiKey}:${api.admin.secret}`).toString('base64')}`;
    const raw = async (path: string) => {
      const res = await fetch(api.baseUrl + path, { headers: { Authorization: auth } });
      assert.equal(res.status, 200);
      return res.text();
    };
    const listPath = `/sql/v1/organizations/${org}/environments/${env.id}/statements`;
    const listed = (JSON.parse(await raw(listPath)) as { data: Statement[] }).data;
    assert.deepEqual(
      listed.map((s) => s.name),
      [plain.name, full.name],
    );
    for (const item of listed) assert.equal(JSON.stringify(item), await raw(`${listPath}/${item.name}`), item.name);
    const stopped = listed[1].status;
    assert.equal(stopped.latest_offsets_timestamp, '2026-11-28T10:00:00.007Z');
    assert.equal(stopped.scaling_status?.last_updated, '2026-11-28T09:59:59.090Z');
    assert.equal(stopped.end_time, '2026-11-28T10:00:01.000Z');
    assert.equal(stopped.duration, 'PT1H30M3S');
    assert.deepEqual(stopped.error_handling, { skipped_records: 3, dead_letter_records: 1 });
    assert.equal(listed[0].status.scaling_status?.last_updated, listed[0].metadata.updated_at);
  });

  it('deletes with 202, then 404, and frees the name', async () => {
    const env = await createEnvironment(c);
    ok(await create(env.id, 'gone'));
    const del = await c.DELETE(
      '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
      item(env.id, 'gone'),
    );
    assert.equal(del.response.status, 202);
    failure(
      await c.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
        item(env.id, 'gone'),
      ),
      404,
    );
    failure(
      await c.DELETE(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
        item(env.id, 'gone'),
      ),
      404,
    );
    assert.equal((await create(env.id, 'gone')).response.status, 201);
  });
});
