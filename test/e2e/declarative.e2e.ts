import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ok, startApi, unique, type Tenant, type TestApi } from './harness';

/**
 * The declarative entry as a user runs it: the built program as a child process against the real
 * API. No scheduler or worker runs here, so statements stay PENDING (apply --no-wait); their
 * lifecycle on the engine is covered by the unit tests of the decisions and test/engine.
 */
const MAIN = resolve(__dirname, '../../apps/cli/src/main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('declarative stacks (plan / apply / destroy)', () => {
  let api: TestApi;
  let tenant: Tenant;
  let dir: string;
  const envName = unique('decl');

  const cflink = (...args: string[]): Promise<Run> =>
    new Promise((done) => {
      execFile(
        process.execPath,
        [MAIN, ...args],
        {
          cwd: dir,
          env: {
            PATH: process.env.PATH,
            CFLINK_API_URL: api.baseUrl,
            CFLINK_API_KEY: tenant.apiKey,
            CFLINK_API_SECRET: tenant.secret,
          },
        },
        (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  const stackYaml = (opts: { maxCfu: number; description: string; stopped: boolean; ddl: string }) => `
stack: shop
variables:
  env: ${envName}
environments:
  main:
    display_name: \${var.env}
compute_pools:
  pool:
    environment: main
    cloud: AWS
    region: us-east-1
    max_cfu: ${opts.maxCfu}
service_accounts:
  etl:
    description: ${opts.description}
role_bindings:
  - principal: etl
    role: FlinkDeveloper
    on: { compute_pool: pool }
api_keys:
  etl-key:
    owner: etl
    secret_file: etl.key
statements:
  orders-table:
    environment: main
    compute_pool: pool
    sql: ${opts.ddl}
  copy:
    environment: main
    compute_pool: pool
    sql: INSERT INTO orders SELECT order_id FROM examples.marketplace.orders
    stopped: ${opts.stopped}
`;
  const first = {
    maxCfu: 10,
    description: 'runs the copy',
    stopped: false,
    ddl: 'CREATE TABLE orders (order_id STRING)',
  };
  const write = (opts: typeof first) => fs.writeFile(join(dir, 'stack.yaml'), stackYaml(opts));

  before(async () => {
    api = await startApi();
    tenant = await api.newTenant(unique('decl-org'));
    dir = await fs.mkdtemp(join(tmpdir(), 'cflink-stack-'));
  });
  after(async () => {
    await api.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('refuses an invalid stack with the path of each problem (exit 1)', async () => {
    await fs.writeFile(
      join(dir, 'bad.yaml'),
      'stack: shop\ncompute_pools:\n  p:\n    environment: nowhere\n    cloud: AWS\n    region: us-east-1\n    max_cfu: 7\n',
    );
    const r = await cflink('plan', '-f', 'bad.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /compute_pools\.p\.max_cfu: max_cfu must be 5, 10, 20, 30, 40 or 50/);
    await fs.rm(join(dir, 'bad.yaml'));
  });

  it('plans, applies, re-plans as a no-op, updates, stops and destroys', async () => {
    await write(first);
    const planned = await cflink('plan', '-f', 'stack.yaml', '-o', 'json');
    assert.equal(planned.code, 2, planned.stderr);
    const plan = JSON.parse(planned.stdout) as { actions: { op: string; kind: string; key: string }[] };
    assert.deepEqual(
      plan.actions.map((a) => `${a.op} ${a.kind} ${a.key}`),
      [
        'create environment main',
        'create service_account etl',
        'create compute_pool pool',
        'create role_binding FlinkDeveloper for etl on compute_pool pool',
        'create api_key etl-key',
        'create statement orders-table',
        'create statement copy',
      ],
    );

    const applied = await cflink('apply', '-f', 'stack.yaml', '--auto-approve', '--no-wait');
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /\[7\/7\] \+ create statement copy/);
    assert.match(applied.stdout, /Apply complete: 7 change\(s\) made\./);
    assert.doesNotMatch(applied.stdout, /secret [^ ]+ \(shown once/, 'a secret_file key is not printed');

    // The resources exist, the statements carry the stack's labels, and the key works.
    const c = tenant.client;
    const env = ok(await c.GET('/org/v2/environments', {})).data.find((e) => e.display_name === envName)!;
    assert.ok(env);
    const pools = ok(await c.GET('/fcpm/v2/compute-pools', { params: { query: { environment: env.id } } })).data;
    assert.deepEqual(
      pools.map((p) => [p.spec.display_name, p.spec.max_cfu]),
      [['pool', 10]],
    );
    const path = { organization_id: tenant.organizationId, environment_id: env.id };
    const statements = ok(
      await c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: { path, query: { label_selector: 'cflink.io/stack=shop' } },
      }),
    ).data;
    assert.deepEqual(statements.map((s) => s.name).sort(), ['copy', 'orders-table']);
    assert.equal(statements[0].metadata.labels?.['cflink.io/generation'], '1');
    const [keyId, keySecret] = (await fs.readFile(join(dir, 'etl.key'), 'utf8')).trim().split(':');
    assert.equal(((await fs.stat(join(dir, 'etl.key'))).mode & 0o777).toString(8), '600');
    const asEtl = api.client(keyId, keySecret);
    assert.equal((await asEtl.GET('/iam/v2/service-accounts', {})).response.status, 200);

    const again = await cflink('plan', '-f', 'stack.yaml');
    assert.equal(again.code, 0, `${again.stdout}${again.stderr}`);
    assert.match(again.stdout, /No changes: 7 resources match the stack\./);

    // Edits: the pool grows, the account's description changes, the INSERT is stopped.
    await write({ ...first, maxCfu: 20, description: 'copies orders', stopped: true });
    const edited = await cflink('plan', '-f', 'stack.yaml');
    assert.equal(edited.code, 2, edited.stderr);
    assert.match(
      edited.stdout,
      /~ update service account etl \[sa-[a-z0-9]+\]\n {4}description: runs the copy → copies orders/,
    );
    assert.match(edited.stdout, /~ update compute pool pool \[lfcp-[a-z0-9]+\]\n {4}max_cfu: 10 → 20/);
    assert.match(edited.stdout, /■ stop statement copy\n {4}stopped: false → true/);
    assert.match(edited.stdout, /Plan: 2 to update, 1 to stop; 4 unchanged\./);
    const updated = await cflink('apply', '-f', 'stack.yaml', '--auto-approve');
    assert.equal(updated.code, 0, updated.stderr);
    const copy = ok(
      await c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}', {
        params: { path: { ...path, statement_name: 'copy' } },
      }),
    );
    assert.equal(copy.status.phase, 'STOPPED');
    assert.equal((await cflink('plan', '-f', 'stack.yaml')).code, 0);

    // A table's DDL cannot be edited in place: the plan refuses it and says what to do instead.
    await write({
      ...first,
      maxCfu: 20,
      description: 'copies orders',
      stopped: true,
      ddl: 'CREATE TABLE orders (order_id STRING, price DOUBLE)',
    });
    const refused = await cflink('plan', '-f', 'stack.yaml');
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /! refused statement orders-table\n {4}why: .*ALTER TABLE/);
    const notApplied = await cflink('apply', '-f', 'stack.yaml', '--auto-approve');
    assert.equal(notApplied.code, 1);
    assert.doesNotMatch(notApplied.stdout, /\[1\//, 'nothing runs while a change is refused');

    // Without a terminal and without --auto-approve, nothing is destroyed.
    const unconfirmed = await cflink('destroy', '-f', 'stack.yaml');
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.stderr, /pass --auto-approve/);

    const destroyed = await cflink('destroy', '-f', 'stack.yaml', '--auto-approve');
    assert.equal(destroyed.code, 0, destroyed.stderr);
    assert.match(destroyed.stdout, /Destroy complete: 7 change\(s\) made\./);
    assert.equal((await c.GET('/org/v2/environments/{id}', { params: { path: { id: env.id } } })).response.status, 404);
    const accounts = ok(await c.GET('/iam/v2/service-accounts', {})).data;
    assert.ok(!accounts.some((a) => a.display_name === 'etl'));
    assert.equal((await asEtl.GET('/iam/v2/service-accounts', {})).response.status, 401);

    await write(first);
    const afterDestroy = await cflink('plan', '-f', 'stack.yaml', '-o', 'json');
    assert.equal(afterDestroy.code, 2);
    assert.equal((JSON.parse(afterDestroy.stdout) as { actions: unknown[] }).actions.length, 7);
  });
});
