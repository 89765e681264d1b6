/**
 * Billing reports against the real PostgreSQL and API: ledger minutes are written as the
 * scheduler writes them (CfuLedger fill + roll-up) for statements of several principals in two
 * pools of two environments across month boundaries; then the report is read as JSON (its
 * totals equal the costs API's), CSV, HTML and PDF — the PDF rendered to an image with
 * poppler's pdftoppm and its text extracted with pdftotext.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { components } from '#client';
import { PrismaService } from '#db';
import { MINUTE_MS, parsePrice } from '#domain';
import { CfuLedger, type LedgerMinute } from '#scheduler/metering/cfu-ledger';
import {
  bind,
  createEnvironment,
  failure,
  keyFor,
  ok,
  startApi,
  statementsPath,
  unique,
  type TestApi,
  type Tenant,
} from './harness';

const run = promisify(execFile);
type Report = components['schemas']['BillingReport'];
type ReportQuery = { month?: string; start_date?: string; end_date?: string; top?: number; format?: 'json' };
const REGION_A = 'ap-reports-1';
const REGION_B = 'ap-reports-2';

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF after every record). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const token = /("(?:[^"]|"")*"|[^,"\r\n]*)(,|\r\n)/y;
  let row: string[] = [];
  while (token.lastIndex < text.length) {
    const at = token.lastIndex;
    const match = token.exec(text);
    assert.ok(match, `malformed CSV at ${at}: ${JSON.stringify(text.slice(at, at + 40))}`);
    const raw = match[1];
    row.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (match[2] === '\r\n') {
      rows.push(row);
      row = [];
    }
  }
  assert.deepEqual(row, [], 'the CSV ends with CRLF');
  return rows;
}

/** Binary PPM (P6) as pdftoppm writes it: width, height and RGB bytes. */
function parsePpm(data: Buffer) {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 50).toString('latin1'));
  assert.ok(header, 'a P6 image');
  const pixels = data.subarray(header[0].length);
  const [width, height] = [Number(header[1]), Number(header[2])];
  assert.equal(pixels.length, width * height * 3);
  return { width, height, pixels };
}

describe('billing reports: JSON, CSV, HTML and PDF agree with the costs API', () => {
  let api: TestApi;
  let prisma: PrismaService;
  let ledger: CfuLedger;
  let tenant: Tenant;
  let dir: string;
  const seeded: {
    env: string[];
    pool: string[];
    poolName: string[];
    statement: Record<string, { uid: string; principal: string }>;
  } = {
    env: [],
    pool: [],
    poolName: [],
    statement: {},
  };

  const get = (path: string, headers: Record<string, string> = {}, who: { apiKey: string; secret: string } = tenant) =>
    fetch(`${api.baseUrl}${path}`, {
      headers: { Authorization: `Basic ${Buffer.from(`${who.apiKey}:${who.secret}`).toString('base64')}`, ...headers },
    });
  /** A JSON report through the typed client (its body checked against the OpenAPI schema). */
  const reportOf = async (query: ReportQuery, client = tenant.client) =>
    ok(await client.GET('/billing/v1/reports', { params: { query } })) as Report;
  const json = async (path: string) => {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    return (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  /** `count` minutes of `cfu` CFUs from `from` on. */
  const minutes = (name: string, from: string, count: number, cfu: number): LedgerMinute[] =>
    Array.from({ length: count }, (_, i) => ({
      statementUid: seeded.statement[name].uid,
      minute: new Date(Date.parse(from) + i * MINUTE_MS),
      cfu,
    }));

  before(async () => {
    api = await startApi({
      CFLINK_REGIONS: `AWS:us-east-1,AWS:${REGION_A},AWS:${REGION_B}`,
      CFLINK_CFU_HOUR_PRICES: `aws.${REGION_A}=0.3,aws.${REGION_B}=0.137`,
    });
    prisma = api.app.get(PrismaService);
    ledger = new CfuLedger(prisma);
    dir = await mkdtemp(join(tmpdir(), 'cflink-report-'));
    tenant = await api.newTenant(unique('report'));
    const sa1 = ok(await tenant.client.POST('/iam/v2/service-accounts', { body: { display_name: unique('sa') } }));
    const sa2 = ok(await tenant.client.POST('/iam/v2/service-accounts', { body: { display_name: unique('sa') } }));
    for (const region of [REGION_A, REGION_B]) {
      const env = await createEnvironment(tenant.client);
      const name = unique('pool');
      const spec = { display_name: name, cloud: 'AWS', region, max_cfu: 10, environment: { id: env.id } };
      const pool = ok(await tenant.client.POST('/fcpm/v2/compute-pools', { body: { spec } as never }));
      seeded.env.push(env.id);
      seeded.pool.push(pool.id);
      seeded.poolName.push(name);
    }
    const statements = [
      ['orders', 0, undefined],
      ['payments', 0, sa1.id],
      ['audit', 1, sa1.id],
      ['fraud', 1, sa2.id],
    ] as const;
    for (const [name, i, principal] of statements) {
      const created = ok(
        await tenant.client.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
          ...statementsPath(tenant.organizationId, seeded.env[i]),
          body: { name, spec: { statement: 'SELECT 1', compute_pool_id: seeded.pool[i], principal } },
        }),
      );
      seeded.statement[name] = { uid: created.metadata.uid!, principal: created.spec.principal! };
    }
    // November 2026 holds 60 + 7 + 30 + 1 = 98 CFU-minutes; the minutes either side of it 20 + 9.
    await ledger.fill([
      ...minutes('orders', '2026-10-31T23:50:00Z', 10, 2),
      ...minutes('orders', '2026-11-01T00:00:00Z', 30, 2),
      ...minutes('payments', '2026-11-15T12:00:00Z', 7, 1),
      ...minutes('audit', '2026-11-30T23:50:00Z', 13, 3),
      ...minutes('fraud', '2026-11-02T08:00:00Z', 1, 1),
    ]);
    while ((await ledger.rollUp(1000)) > 0);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await api.close();
  });

  /** The costs API's totals for [start, end): CFU-minutes and amount in micro-units. */
  async function costsTotal(start: string, end: string) {
    const body = await json(`/billing/v1/costs?start_date=${start}&end_date=${end}`);
    const lines = body.data as { quantity: number; amount: number }[];
    return {
      minutes: lines.reduce((a, l) => a + Math.round(l.quantity * 60), 0),
      micros: lines.reduce((a, l) => a + parsePrice(l.amount.toFixed(6)), 0n),
    };
  }

  it('JSON: the month and a range across its boundaries total exactly what the costs API bills', async () => {
    const nov = await reportOf({ month: '2026-11' });
    assert.deepEqual([nov.start_date, nov.end_date, nov.daily.length], ['2026-11-01', '2026-12-01', 30]);
    assert.equal(nov.total.cfu_minutes, 98);
    assert.deepEqual(await costsTotal('2026-11-01', '2026-12-01'), {
      minutes: 98,
      micros: parsePrice(nov.total.amount.toFixed(6)),
    });
    // Pool A: 67 CFU-minutes at 0.3; pool B: 31 at 0.137; priced per day and pool.
    assert.deepEqual(
      nov.environments.map((e) => [e.id, e.cfu_minutes, e.compute_pools.map((p) => [p.id, p.cfu_minutes, p.price])]),
      [
        [seeded.env[0], 67, [[seeded.pool[0], 67, 0.3]]],
        [seeded.env[1], 31, [[seeded.pool[1], 31, 0.137]]],
      ],
    );
    assert.deepEqual(
      nov.environments[0].compute_pools[0].statements.map((s) => [s.name, s.cfu_minutes, s.principals]),
      [
        ['orders', 60, [seeded.statement.orders.principal]],
        ['payments', 7, [seeded.statement.payments.principal]],
      ],
    );
    const poolB = nov.environments[1].compute_pools[0];
    assert.deepEqual(
      poolB.daily.filter((d) => d.cfu_minutes > 0).map((d) => [d.date, d.cfu_minutes]),
      [
        ['2026-11-02', 1],
        ['2026-11-30', 30],
      ],
    );
    assert.deepEqual(
      nov.top_statements.map((s) => [s.name, s.cfu_minutes]),
      [
        ['orders', 60],
        ['audit', 30],
        ['payments', 7],
        ['fraud', 1],
      ],
    );
    const sa1 = seeded.statement.audit.principal;
    assert.deepEqual(
      nov.principals.find((p) => p.principal === sa1),
      {
        principal: sa1,
        statements: 2,
        ...sumOf(
          nov.environments
            .flatMap((e) => e.compute_pools.flatMap((p) => p.statements))
            .filter((st) => st.principals.includes(sa1)),
        ),
      },
    );
    assert.equal(
      nov.principals.reduce((a, p) => a + p.cfu_minutes, 0),
      98,
    );

    // The Metrics API counts the same CFU-minutes per pool.
    const metrics = await fetch(`${api.baseUrl}/v2/metrics/cloud/query`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${tenant.apiKey}:${tenant.secret}`).toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        aggregations: [{ metric: 'io.confluent.flink/compute_pool_utilization/cfu_minutes_consumed' }],
        granularity: 'ALL',
        group_by: ['resource.compute_pool.id'],
        intervals: ['2026-11-01T00:00:00Z/2026-12-01T00:00:00Z'],
      }),
    });
    assert.equal(metrics.status, 200);
    const points = ((await metrics.json()) as { data: { value: number; 'resource.compute_pool.id': string }[] }).data;
    assert.deepEqual(
      Object.fromEntries(points.map((p) => [p['resource.compute_pool.id'], p.value])),
      Object.fromEntries(nov.environments.flatMap((e) => e.compute_pools.map((p) => [p.id, p.cfu_minutes]))),
    );

    const range = await reportOf({ start_date: '2026-10-31', end_date: '2026-12-02', top: 1 });
    assert.equal(range.total.cfu_minutes, 127);
    assert.deepEqual(await costsTotal('2026-10-31', '2026-12-02'), {
      minutes: 127,
      micros: parsePrice(range.total.amount.toFixed(6)),
    });
    assert.deepEqual(
      range.top_statements.map((s) => s.name),
      ['orders'],
    );
    // An empty month is a report of zeros, not an error.
    const empty = await reportOf({ month: '2027-02' });
    assert.deepEqual([empty.total.cfu_minutes, empty.daily.length, empty.environments.length], [0, 28, 0]);
  });

  it('CSV: one row per day, pool, statement and principal; amounts add up to the total', async () => {
    const report = await json('/billing/v1/reports?month=2026-11');
    const res = await get('/billing/v1/reports?month=2026-11&format=csv');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/csv/);
    assert.match(res.headers.get('content-disposition')!, /attachment; filename="cflink-billing-2026-11\.csv"/);
    const [head, ...rows] = parseCsv(await res.text());
    assert.deepEqual(head, [
      'date',
      'environment_id',
      'compute_pool_id',
      'compute_pool_name',
      'region',
      'statement_uid',
      'statement_name',
      'principal',
      'cfu_minutes',
      'cfu_hours',
      'amount',
      'currency',
    ]);
    const at = (name: string) => head.indexOf(name);
    assert.deepEqual(
      rows.map((r) => [r[at('date')], r[at('statement_name')], r[at('compute_pool_id')], Number(r[at('cfu_minutes')])]),
      [
        ['2026-11-01', 'orders', seeded.pool[0], 60],
        ['2026-11-02', 'fraud', seeded.pool[1], 1],
        ['2026-11-15', 'payments', seeded.pool[0], 7],
        ['2026-11-30', 'audit', seeded.pool[1], 30],
      ],
    );
    assert.equal(
      rows.reduce((a, r) => a + parsePrice(Number(r[at('amount')]).toFixed(6)), 0n),
      parsePrice(report.total.amount.toFixed(6)),
    );
    assert.ok(rows.every((r) => r.length === head.length && r[at('currency')] === 'USD'));
    assert.equal(rows[0][at('compute_pool_name')], seeded.poolName[0]);
    // The Accept header chooses the format when `format` is absent.
    const negotiated = await get('/billing/v1/reports?month=2026-11', { Accept: 'text/csv' });
    assert.match(negotiated.headers.get('content-type')!, /^text\/csv/);
    assert.equal((await negotiated.text()).split('\r\n').length, 6);
  });

  it('HTML: a self-contained page with the SVG chart of daily usage per pool and the totals', async () => {
    const report = await json('/billing/v1/reports?month=2026-11');
    const res = await get('/billing/v1/reports?month=2026-11', { Accept: 'text/html,application/xhtml+xml' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    assert.match(res.headers.get('content-security-policy')!, /default-src 'none'/);
    const html = await res.text();
    const svg = /<svg[^>]*>([\s\S]*?)<\/svg>/.exec(html);
    assert.ok(svg, 'an inline SVG chart');
    // One bar per day and pool with usage: A on 11-01 and 11-15, B on 11-02 and 11-30.
    const bars = [
      ...svg[1].matchAll(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)" fill="[^"]+"><title>([^<]+)</g),
    ];
    assert.deepEqual(bars.map((b) => b[2].split(' ')[0]).sort(), [
      '2026-11-01',
      '2026-11-02',
      '2026-11-15',
      '2026-11-30',
    ]);
    assert.ok(bars.every((b) => Number(b[1]) > 0));
    assert.ok(svg[1].includes(seeded.pool[0]) && svg[1].includes(seeded.pool[1]), 'the legend names both pools');
    assert.match(html, new RegExp(`98 CFU-minutes.*\\$${report.total.amount}`, 's'));
    for (const name of ['orders', 'payments', 'audit', 'fraud']) assert.ok(html.includes(`<td>${name}</td>`), name);
  });

  it('PDF: renders to a non-blank page with the chart in colour, and its text holds the totals', async () => {
    const report = await json('/billing/v1/reports?month=2026-11');
    const res = await get('/billing/v1/reports?month=2026-11&format=pdf');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition')!, /filename="cflink-billing-2026-11\.pdf"/);
    const pdf = Buffer.from(await res.arrayBuffer());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const file = join(dir, 'report.pdf');
    await writeFile(file, pdf);

    await run('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', file, join(dir, 'page')]);
    const image = parsePpm(await readFile(join(dir, 'page-1.ppm')));
    let ink = 0;
    let chartBlue = 0;
    for (let i = 0; i < image.pixels.length; i += 3) {
      const [r, g, b] = [image.pixels[i], image.pixels[i + 1], image.pixels[i + 2]];
      if (r < 240 || g < 240 || b < 240) ink++;
      // The first pool's colour, #1f77b4, as drawn (anti-aliasing aside).
      if (Math.abs(r - 0x1f) < 24 && Math.abs(g - 0x77) < 24 && Math.abs(b - 0xb4) < 24) chartBlue++;
    }
    assert.ok(image.width > 200 && image.height > 200, `${image.width}x${image.height}`);
    assert.ok(ink > 500, `non-white pixels: ${ink}`);
    assert.ok(chartBlue > 4, `pixels of the first pool's bars: ${chartBlue}`);

    const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
    assert.match(text, /Total: 98 CFU-minutes/);
    assert.ok(text.includes(`$${report.total.amount}`), `the total amount ${report.total.amount} in:\n${text}`);
    for (const name of ['orders', 'payments', 'audit', 'fraud', seeded.pool[0], seeded.pool[1]]) {
      assert.ok(text.includes(name), name);
    }
  });

  it('refuses bad periods (400), unserved Accept types (406), and callers without BillingAdmin (403)', async () => {
    for (const [query, parameter] of [
      ['month=2026-13', 'month'],
      ['month=2026-11&start_date=2026-11-01&end_date=2026-11-02', 'month'],
      ['start_date=2026-11-01', 'end_date'],
      ['start_date=2026-11-02&end_date=2026-11-01', 'end_date'],
      ['start_date=2025-01-01&end_date=2026-11-01', 'end_date'],
    ]) {
      const res = await get(`/billing/v1/reports?${query}`);
      assert.equal(res.status, 400, query);
      const body = (await res.json()) as { errors: { status: string; source: { parameter: string } }[] };
      assert.deepEqual([body.errors[0].status, body.errors[0].source.parameter], ['400', parameter], query);
    }
    const png = await get('/billing/v1/reports?month=2026-11', { Accept: 'image/png' });
    assert.equal(png.status, 406);
    assert.equal(((await png.json()) as { errors: { code: string }[] }).errors[0].code, 'not_acceptable');

    const sa = ok(await tenant.client.POST('/iam/v2/service-accounts', { body: { display_name: unique('sa') } }));
    const orgCrn = `crn://confluent.cloud/organization=${tenant.organizationId}`;
    await bind(tenant.client, sa.id, 'FlinkAdmin', orgCrn);
    // BillingAdmin is organization-wide: a binding on an environment would grant nothing, so it is refused.
    const narrow = await tenant.client.POST('/iam/v2/role-bindings', {
      body: {
        principal: `User:${sa.id}`,
        role_name: 'BillingAdmin',
        crn_pattern: `${orgCrn}/environment=${seeded.env[0]}`,
      },
    });
    const [refused] = failure(narrow, 422);
    assert.deepEqual(
      [refused.source, /whole organization only/.test(refused.detail ?? '')],
      [{ pointer: '/crn_pattern' }, true],
    );
    const asSa = await keyFor(api, tenant.client, sa.id);
    for (const format of ['json', 'pdf'] as const) {
      const denied = await asSa.GET('/billing/v1/reports', { params: { query: { month: '2026-11', format } } });
      const [error] = failure(denied, 403);
      assert.equal(error.code, 'user_unauthorized');
      assert.match(error.detail ?? '', /BillingAdmin or OrganizationAdmin/);
    }
    await bind(tenant.client, sa.id, 'BillingAdmin', orgCrn);
    const allowed = await reportOf({ month: '2026-11' }, asSa);
    assert.equal(allowed.total.cfu_minutes, 98);
    ok(
      await asSa.GET('/billing/v1/costs', { params: { query: { start_date: '2026-11-01', end_date: '2026-12-01' } } }),
    );
  });
});

function sumOf(lines: { cfu_minutes: number; amount: number; cfu_hours: number }[]) {
  const minutes = lines.reduce((a, l) => a + l.cfu_minutes, 0);
  const micros = lines.reduce((a, l) => a + parsePrice(l.amount.toFixed(6)), 0n);
  return { cfu_minutes: minutes, cfu_hours: minutes / 60, amount: Number(micros) / 1e6 };
}
