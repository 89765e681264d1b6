import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { startApi, type TestApi } from './harness';

interface Operation {
  method: string;
  path: string;
  hasBody: boolean;
}

/** Values of every JSON type and some shapes that break naive handlers. */
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  -1,
  1e308,
  '',
  'x'.repeat(70_000),
  '../../etc/passwd',
  '\u0000\ud83d',
  [],
  [1, 'a', null],
  {},
  { $ref: '#/x' },
];
const HOSTILE_PATH_VALUES = [
  '%2e%2e%2f%2e%2e',
  '%00',
  "'; DROP TABLE statements; --",
  'é'.repeat(50),
  'a'.repeat(255),
  '%E0%A4%A',
];
const HOSTILE_QUERIES = [
  'page_size=0',
  'page_size=-1',
  'page_size=101',
  'page_size=1e309',
  'page_size=abc',
  'page_size=1&page_size=2',
  `page_token=${'A'.repeat(300)}`,
  'page_token=%00',
  'environment=&environment=x',
  'label_selector=%3D%3D%3D',
  'spec.compute_pool_id[]=x',
];

/** Deeply nested JSON of `depth` levels. */
function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const PROMETHEUS_PATHS = ['/metrics', '/v2/metrics/cloud/export'];

describe('robustness: no client input produces a 5xx', () => {
  let api: TestApi;
  let auth: string;
  let operations: Operation[];
  let statuses: number[];
  before(async () => {
    api = await startApi({ CFLINK_BODY_LIMIT_BYTES: String(256 * 1024) });
    auth = 'Basic ' + Buffer.from(`${api.admin.apiKey}:${api.admin.secret}`).toString('base64');
    const doc = (await (await fetch(`${api.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      ['get', 'post', 'put', 'patch', 'delete']
        .filter((m) => item[m])
        .map((m) => ({ method: m.toUpperCase(), path, hasBody: item[m].requestBody !== undefined })),
    );
    statuses = [];
  });
  after(() => api.close());

  async function send(method: string, path: string, body?: string, contentType = 'application/json') {
    const res = await fetch(api.baseUrl + path, {
      method,
      headers: { Authorization: auth, ...(body !== undefined ? { 'Content-Type': contentType } : {}) },
      body,
    });
    const text = await res.text();
    statuses.push(res.status);
    assert.ok(res.status < 500, `${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
    if (text.length > 0) {
      // The Prometheus endpoints answer in the Prometheus text format; errors are JSON everywhere.
      const prometheus = res.status < 400 && PROMETHEUS_PATHS.includes(path.split('?')[0]);
      assert.match(
        res.headers.get('content-type') ?? '',
        prometheus ? /^text\/plain/ : /application\/json/,
        `${method} ${path}`,
      );
    }
    if (res.status >= 400) {
      const failure = JSON.parse(text) as { errors: { status: string; title: string; detail: string }[] };
      assert.ok(failure.errors.length > 0, `${method} ${path}: empty errors`);
      for (const e of failure.errors) assert.equal(e.status, String(res.status), `${method} ${path}`);
    }
    return res.status;
  }

  /** Fills path templates with `value`, or plausible ids when absent. */
  function fill(path: string, value?: string): string {
    return path.replace(
      /\{([^}]+)\}/g,
      (_, name: string) => value ?? (name === 'organization_id' ? api.admin.organizationId : 'env-x1'),
    );
  }

  it('hostile path and query values on every operation', async () => {
    for (const op of operations) {
      for (const value of HOSTILE_PATH_VALUES)
        await send(op.method, fill(op.path, value), op.hasBody ? '{}' : undefined);
      for (const query of HOSTILE_QUERIES)
        await send(op.method, `${fill(op.path)}?${query}`, op.hasBody ? '{}' : undefined);
    }
  });

  it('hostile bodies on every operation with a body', async () => {
    for (const op of operations.filter((o) => o.hasBody)) {
      const path = fill(op.path);
      for (const raw of ['{', '{"a":1,}', 'null', '[]', '"text"', '42', nested(2000)]) await send(op.method, path, raw);
      for (const value of HOSTILE_VALUES) {
        for (const field of ['display_name', 'name', 'spec', 'metadata', 'principal', 'crn_pattern', 'role_name']) {
          await send(op.method, path, JSON.stringify({ [field]: value }));
        }
        await send(
          op.method,
          path,
          JSON.stringify({ spec: { statement: value, environment: value, owner: value, max_cfu: value } }),
        );
      }
      await send(op.method, path, 'display_name=x', 'application/x-www-form-urlencoded');
    }
  });

  it('oversized bodies get 413, unknown routes 404, all in the error body', async () => {
    assert.equal(
      await send('POST', '/org/v2/environments', JSON.stringify({ display_name: 'x'.repeat(300_000) })),
      413,
    );
    assert.equal(await send('GET', '/no/such/route'), 404);
    assert.equal(await send('GET', '/org/v2/environments/env-x1/nothing-here'), 404);
    assert.ok(statuses.length > 500, `sent ${statuses.length} requests`);
  });

  it('paths, bodies and headers read as clients expect (trailing slash, case, media types, request id)', async () => {
    const list = async (path: string) => {
      const res = await fetch(api.baseUrl + path, { headers: { Authorization: auth, 'X-Request-Id': 'req-1.a:b' } });
      assert.equal(res.headers.get('x-request-id'), 'req-1.a:b', path);
      return res.status;
    };
    assert.equal(await list('/org/v2/environments/'), 200);
    assert.equal(await list('/ORG/v2/Environments'), 200);
    assert.equal(await list('/org/v2/environments?page_size=1&page_size=1'), 400);
    const failure = async (status: number, code: string, body: string, headers: Record<string, string>) => {
      const res = await fetch(`${api.baseUrl}/org/v2/environments`, {
        method: 'POST',
        headers: { Authorization: auth, ...headers },
        body,
      });
      const sent = (await res.json()) as { errors: { code: string; id: string }[] };
      assert.equal(res.status, status, `${JSON.stringify(headers)} ${body}`);
      assert.equal(sent.errors[0].code, code, `${JSON.stringify(headers)} ${body}`);
      assert.equal(sent.errors[0].id, res.headers.get('x-request-id'));
    };
    // Another media type is read as no body: the operation then says what it needs.
    await failure(400, 'invalid_request', 'display_name=x', { 'Content-Type': 'text/plain' });
    await failure(400, 'invalid_request', '', {});
    await failure(415, 'unsupported_media_type', '{}', { 'Content-Type': 'application/json; charset=latin1' });
    await failure(415, 'unsupported_media_type', '{}', {
      'Content-Type': 'application/json',
      'Content-Encoding': 'compress',
    });
    await failure(400, 'malformed_body', '{}', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    // A compressed body is read as its JSON; one inflating past the body limit is refused as too large.
    const gzipped = await fetch(`${api.baseUrl}/org/v2/environments`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ display_name: 'gzipped' })),
    });
    assert.equal(gzipped.status, 201);
    assert.equal(((await gzipped.json()) as { display_name: string }).display_name, 'gzipped');
    const bomb = await fetch(`${api.baseUrl}/org/v2/environments`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: gzipSync(`{"display_name":"${'x'.repeat(8 << 20)}"}`),
    });
    assert.equal(bomb.status, 413);
    await failure(400, 'malformed_json', '{"display_name":', { 'Content-Type': 'application/merge-patch+json' });
    // A long path value reaches the operation, which explains the miss, rather than the router's 404.
    const long = await fetch(`${api.baseUrl}/org/v2/environments/env-${'x'.repeat(200)}`, {
      headers: { Authorization: auth },
    });
    assert.equal(long.status, 404);
    const missing = (await long.json()) as { errors: { detail: string }[] };
    assert.doesNotMatch(missing.errors[0].detail, /No such resource or route/);
    const bad = await fetch(`${api.baseUrl}/org/v2/environments/%E0%A4%A`, { headers: { Authorization: auth } });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { errors: { status: string }[] }).errors[0].status, '400');
  });

  it('an undeclared method on a known path gets 405 with Allow naming exactly the declared ones', async () => {
    const declared = new Map<string, string[]>();
    for (const op of operations) declared.set(op.path, [...(declared.get(op.path) ?? []), op.method]);
    let checked = 0;
    for (const [path, methods] of declared) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !methods.includes(m))) {
        const res = await fetch(api.baseUrl + fill(path), {
          method,
          headers: { Authorization: auth, 'Content-Type': 'application/json' },
          body: method === 'GET' ? undefined : '{}',
        });
        const where = `${method} ${path}`;
        assert.equal(res.status, 405, where);
        assert.deepEqual((res.headers.get('allow') ?? '').split(', ').sort(), [...methods].sort(), where);
        const body = (await res.json()) as { errors: { status: string; code: string; detail: string }[] };
        assert.equal(body.errors[0].status, '405', where);
        assert.equal(body.errors[0].code, 'method_not_allowed', where);
        assert.match(body.errors[0].detail, new RegExp(`${method} is not allowed`), where);
        checked += 1;
      }
    }
    assert.ok(checked > 50, `checked ${checked} undeclared methods`);
  });
});
