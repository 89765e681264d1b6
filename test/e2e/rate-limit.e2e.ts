import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PrismaService } from '#db';
import { failure, keyFor, ok, startApi, type TestApi } from './harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function basic(key: string, secret: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` };
}

/** The X-RateLimit-* and Retry-After headers of a response, as numbers. */
function limits(res: Response) {
  const n = (name: string) => (res.headers.has(name) ? Number(res.headers.get(name)) : undefined);
  return {
    limit: n('x-ratelimit-limit'),
    remaining: n('x-ratelimit-remaining'),
    reset: n('x-ratelimit-reset'),
    retryAfter: n('retry-after'),
  };
}

async function tooMany(res: Response) {
  assert.equal(res.status, 429);
  const h = limits(res);
  assert.ok(h.retryAfter! >= 1, 'Retry-After in seconds');
  const [error] = failure({ error: await res.json(), response: res }, 429);
  assert.equal(error.code, 'too_many_requests');
  assert.match(error.detail ?? '', new RegExp(`retry after ${h.retryAfter} s`));
  return h;
}

describe('per-key rate limits', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi({ CFLINK_RATE_LIMIT_PER_SECOND: '5', CFLINK_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  after(() => api.close());

  it('a burst from one key gets 429s with headers; another key is unaffected; the key recovers', async () => {
    const tenant = await api.newTenant('burst');
    const other = await keyFor(api, tenant.client, tenant.adminUserId);
    const url = `${api.baseUrl}/org/v2/environments`;
    const burst = await Promise.all(
      Array.from({ length: 15 }, () => fetch(url, { headers: basic(tenant.apiKey, tenant.secret) })),
    );
    const admitted = burst.filter((r) => r.status === 200);
    const refused = burst.filter((r) => r.status === 429);
    assert.equal(admitted.length + refused.length, burst.length);
    assert.ok(admitted.length >= 1 && admitted.length <= 10, `admitted ${admitted.length}`);
    for (const res of admitted) {
      const h = limits(res);
      assert.equal(h.limit, 5);
      assert.ok(h.remaining! >= 0 && h.remaining! < 5);
      assert.ok(h.reset! >= 1);
      assert.equal(h.retryAfter, undefined);
      await res.body?.cancel();
    }
    let wait = 0;
    for (const res of refused) {
      const h = await tooMany(res);
      assert.deepEqual([h.limit, h.remaining], [5, 0]);
      wait = Math.max(wait, h.retryAfter!);
    }

    const fine = await other.GET('/org/v2/environments');
    ok(fine);
    assert.equal(limits(fine.response).limit, 5, 'the other key has windows of its own');

    await sleep(wait * 1000 + 100);
    const again = await fetch(url, { headers: basic(tenant.apiKey, tenant.secret) });
    assert.equal(again.status, 200);
    assert.equal(limits(again).remaining, 4);
  });

  it('errors after authentication carry the headers; health and the document are not limited', async () => {
    const tenant = await api.newTenant('errors');
    const missing = await tenant.client.GET('/org/v2/environments/{id}', { params: { path: { id: 'env-nope' } } });
    failure(missing, 404);
    assert.equal(limits(missing.response).limit, 5);
    for (let i = 0; i < 8; i++) {
      for (const path of ['/health', '/health/live', '/openapi.json']) {
        const res = await fetch(`${api.baseUrl}${path}`, { headers: basic(tenant.apiKey, tenant.secret) });
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('x-ratelimit-limit'), null, path);
        await res.body?.cancel();
      }
    }
    const health = ok(await api.client().GET('/health'));
    assert.deepEqual(health.checks, { database: 'ok', redis: 'ok' });
  });
});

describe('failed authentication throttle', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi({ CFLINK_AUTH_FAILURE_LIMIT: '3', CFLINK_AUTH_FAILURE_WINDOW_SECONDS: '2' });
  });
  after(() => api.close());

  it('slows an address after N failures, even for valid credentials; audits the attempts by key', async () => {
    const tenant = await api.newTenant('guessed');
    const url = `${api.baseUrl}/iam/v2/users`;
    const wrong = 'not-the-secret-' + 'x'.repeat(20);
    // Admitted moments ago with these credentials from this address: the failures below still end
    // that shortcut at once.
    assert.equal((await fetch(url, { headers: basic(tenant.apiKey, tenant.secret) })).status, 200);
    // Requests without credentials are client bugs, not guesses: they do not count.
    for (let i = 0; i < 5; i++) assert.equal((await fetch(url)).status, 401);
    assert.equal((await fetch(url, { headers: basic('ZZZZZZZZZZZZZZZZ', wrong) })).status, 401);
    for (let i = 0; i < 2; i++) {
      assert.equal((await fetch(url, { headers: basic(tenant.apiKey, wrong) })).status, 401);
    }
    const blocked = await tooMany(await fetch(url, { headers: basic(tenant.apiKey, tenant.secret) }));
    assert.ok(blocked.retryAfter! <= 2);

    await sleep(blocked.retryAfter! * 1000 + 100);
    const events = ok(
      await tenant.client.GET('/audit/v1/events', { params: { query: { action: 'authenticate', page_size: 100 } } }),
    );
    assert.deepEqual(
      events.data.map((e) => [e.status, e.principal, e.api_key, e.client_address, e.path]),
      [
        [401, null, tenant.apiKey, '127.0.0.1', '/iam/v2/users'],
        [401, null, tenant.apiKey, '127.0.0.1', '/iam/v2/users'],
      ],
    );
    const rows = await api.app.get(PrismaService).auditEvent.findMany({ where: { action: 'authenticate' } });
    const text = JSON.stringify(rows, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    assert.ok(!text.includes(wrong) && !text.includes(tenant.secret), 'no secret, tried or real, is recorded');
    assert.ok(
      rows.some((r) => r.organizationId === null && r.apiKeyId === null && r.clientAddress === '127.0.0.1'),
      'an unknown key id is recorded without an organization',
    );
  });
});

describe('without Redis', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi({ CFLINK_REDIS_URL: 'redis://127.0.0.1:1', CFLINK_RATE_LIMIT_PER_SECOND: '1' });
  });
  after(() => api.close());

  it('the API serves with limits off and health reports Redis unavailable', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await api.admin.client.GET('/org/v2/environments');
      ok(res);
      assert.equal(res.response.headers.get('x-ratelimit-limit'), null);
    }
    const health = await api.client().GET('/health');
    assert.equal(health.response.status, 200);
    assert.deepEqual(ok(health).checks, { database: 'ok', redis: 'unavailable' });
  });
});
