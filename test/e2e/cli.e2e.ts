import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import { CliRunner } from './cli-harness';
import { startApi, unique, type TestApi } from './harness';

type Row = Record<string, unknown>;

describe('cflink CLI against the real API', () => {
  let api: TestApi;
  let cli: CliRunner;
  before(async () => {
    api = await startApi();
    cli = new CliRunner();
    const login = await cli.run(['login', '--url', api.baseUrl, '--api-key', api.admin.apiKey], {
      CFLINK_API_SECRET: api.admin.secret,
    });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /Logged in to .* saved as context "default"/);
  });
  after(() => api.close());

  it('keeps the profile in a file only its owner can read, and never prints the secret', async () => {
    assert.equal(statSync(cli.configFile).mode & 0o777, 0o600);
    assert.equal(statSync(dirname(cli.configFile)).mode & 0o777, 0o700);
    const saved = JSON.parse(readFileSync(cli.configFile, 'utf8'));
    assert.equal(saved.current_context, 'default');
    assert.equal(saved.contexts.default.api_secret, api.admin.secret);
    const list = await cli.json<Row[]>(['context', 'list']);
    assert.deepEqual(list, [
      {
        is_current: true,
        name: 'default',
        url: api.baseUrl,
        api_key: api.admin.apiKey,
        environment: null,
        compute_pool: null,
      },
    ]);
    const human = await cli.run(['context', 'list']);
    assert.ok(!human.stdout.includes(api.admin.secret));
    assert.match(human.stdout, /^CURRENT +NAME +URL +API KEY/);
  });

  it('environment and compute pool: create, list, describe, update, use, delete', async () => {
    const envName = unique('cli-env');
    const env = await cli.json(['environment', 'create', envName]);
    assert.match(String(env.id), /^env-/);
    assert.deepEqual(env, { is_current: false, id: env.id, name: envName, stream_governance_package: 'ESSENTIALS' });
    const envs = await cli.json<Row[]>(['environment', 'list']);
    assert.ok(envs.some((e) => e.id === env.id));

    // Without an environment the pool commands say how to choose one (usage error, exit 2).
    const noEnv = await cli.run(['flink', 'compute-pool', 'list']);
    assert.equal(noEnv.code, 2);
    assert.match(
      noEnv.stderr,
      /No environment: pass --environment <env-id> or choose one with `cflink environment use/,
    );

    const used = await cli.run(['environment', 'use', String(env.id)]);
    assert.equal(used.code, 0, used.stderr);
    assert.equal((await cli.json(['environment', 'describe'])).is_current, true);
    const renamed = await cli.json(['environment', 'update', '--name', `${envName}-b`]);
    assert.equal(renamed.name, `${envName}-b`);

    const pool = await cli.json([
      'flink',
      'compute-pool',
      'create',
      'pool-a',
      '--cloud',
      'aws',
      '--region',
      'us-east-1',
      '--max-cfu',
      '10',
      '--wait',
    ]);
    assert.deepEqual(
      { ...pool, id: undefined },
      {
        is_current: false,
        id: undefined,
        name: 'pool-a',
        environment: env.id,
        current_cfu: 0,
        max_cfu: 10,
        cloud: 'AWS',
        region: 'us-east-1',
        default_pool: false,
        status: 'PROVISIONED',
      },
    );
    assert.equal((await cli.run(['flink', 'compute-pool', 'use', String(pool.id)])).code, 0);
    const raised = await cli.json(['flink', 'compute-pool', 'update', '--max-cfu', '20']);
    assert.equal(raised.max_cfu, 20);
    const pools = await cli.json<Row[]>(['flink', 'compute-pool', 'list']);
    assert.deepEqual(
      pools.map((p) => [p.id, p.is_current]),
      [[pool.id, true]],
    );
    const yaml = await cli.run(['flink', 'compute-pool', 'describe', '-o', 'yaml']);
    assert.equal(YAML.parse(yaml.stdout).id, pool.id);
    const human = await cli.run(['flink', 'compute-pool', 'describe']);
    assert.match(human.stdout, new RegExp(`^Current +true\\nID +${pool.id}\\nName +pool-a\\n`));

    const regions = await cli.json<Row[]>(['flink', 'region', 'list', '--cloud', 'aws']);
    assert.ok(regions.some((r) => r.id === 'aws.us-east-1' && r.region === 'us-east-1'));

    // The API's error detail, and exit 1: an environment that still holds a pool cannot go.
    const busy = await cli.run(['environment', 'delete', String(env.id), '--force']);
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /^Error: 409 Conflict: .*compute pool/);

    const deleted = await cli.json(['flink', 'compute-pool', 'delete', String(pool.id), '--force']);
    assert.deepEqual(deleted, [{ id: pool.id, deleted: true }]);
    assert.equal(JSON.parse(readFileSync(cli.configFile, 'utf8')).contexts.default.compute_pool, undefined);
    assert.equal((await cli.run(['environment', 'delete', String(env.id), '--force'])).code, 0);
  });

  it('statements: create, list, describe, stop, exceptions, delete', async () => {
    const env = await cli.json(['environment', 'create', unique('cli-st')]);
    const pool = await cli.json([
      'flink',
      'compute-pool',
      'create',
      'pool-s',
      '--cloud',
      'aws',
      '--region',
      'us-east-1',
      '--environment',
      String(env.id),
    ]);
    const envFlag = ['--environment', String(env.id)];
    // No scheduler runs here: the statement stays PENDING (the engine test waits for phases).
    const created = await cli.json([
      'flink',
      'statement',
      'create',
      'orders-copy',
      '--sql',
      'SELECT * FROM examples.marketplace.orders',
      '--compute-pool',
      String(pool.id),
      '--property',
      'sql.local-time-zone=UTC',
      ...envFlag,
    ]);
    assert.equal(created.name, 'orders-copy');
    assert.equal(created.status, 'PENDING');
    assert.equal(created.compute_pool, pool.id);
    assert.deepEqual(created.properties, { 'sql.local-time-zone': 'UTC' });
    assert.match(String(created.principal), /^u-/);

    const generated = await cli.json([
      'flink',
      'statement',
      'create',
      '--sql',
      'SHOW TABLES',
      '--compute-pool',
      String(pool.id),
      ...envFlag,
    ]);
    assert.match(String(generated.name), /^cli-\d{4}-\d{2}-\d{2}-\d{6}-[0-9a-f-]{36}$/);

    const listed = await cli.json<Row[]>(['flink', 'statement', 'list', '--status', 'pending', ...envFlag]);
    assert.deepEqual(listed.map((s) => s.name).sort(), [generated.name, 'orders-copy'].sort());
    assert.deepEqual(Object.keys(listed[0]), [
      'creation_date',
      'name',
      'statement',
      'compute_pool',
      'status',
      'status_detail',
    ]);
    assert.deepEqual(await cli.json<Row[]>(['flink', 'statement', 'list', '--status', 'running', ...envFlag]), []);

    const stop = await cli.json(['flink', 'statement', 'stop', 'orders-copy', ...envFlag]);
    assert.deepEqual(stop, { name: 'orders-copy', stopped: true });
    const described = await cli.json(['flink', 'statement', 'describe', 'orders-copy', ...envFlag]);
    assert.ok(['STOPPING', 'STOPPED'].includes(String(described.status)), String(described.status));
    assert.deepEqual(await cli.json<Row[]>(['flink', 'statement', 'exception', 'list', 'orders-copy', ...envFlag]), []);

    // update --stopped takes only true or false, and pool changes only with a resume.
    const wrong = await cli.run(['flink', 'statement', 'update', 'orders-copy', '--stopped', 'maybe', ...envFlag]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--stopped must be true or false/);

    const missing = await cli.run(['flink', 'statement', 'describe', 'no-such-statement', ...envFlag]);
    assert.equal(missing.code, 4);
    assert.match(missing.stderr, /^Error: 404 Not Found: /);

    // Deleting without a terminal to confirm on needs --force.
    const unconfirmed = await cli.run(['flink', 'statement', 'delete', 'orders-copy', ...envFlag]);
    assert.equal(unconfirmed.code, 2);
    assert.match(unconfirmed.stderr, /Pass --force to confirm without a terminal/);
    const removed = await cli.run([
      'flink',
      'statement',
      'delete',
      'orders-copy',
      String(generated.name),
      '--force',
      ...envFlag,
    ]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /Requested to delete statement "orders-copy"\.\nRequested to delete statement "cli-/);
  });

  it('service accounts, role bindings and API keys', async () => {
    const name = unique('cli-sa');
    const sa = await cli.json(['iam', 'service-account', 'create', name, '--description', 'runs things']);
    assert.deepEqual(sa, { id: sa.id, name, description: 'runs things' });
    const updated = await cli.json(['iam', 'service-account', 'update', String(sa.id), '--description', 'runs more']);
    assert.equal(updated.description, 'runs more');
    assert.ok((await cli.json<Row[]>(['iam', 'sa', 'list', '--display-name', name])).some((s) => s.id === sa.id));

    const env = await cli.json(['environment', 'create', unique('cli-rb')]);
    const binding = await cli.json([
      'iam',
      'rbac',
      'role-binding',
      'create',
      '--principal',
      `User:${sa.id}`,
      '--role',
      'FlinkDeveloper',
      '--environment',
      String(env.id),
    ]);
    assert.equal(
      binding.crn_pattern,
      `crn://confluent.cloud/organization=${api.admin.organizationId}/environment=${env.id}`,
    );
    const bindings = await cli.json<Row[]>(['iam', 'rbac', 'role-binding', 'list', '--principal', `User:${sa.id}`]);
    assert.deepEqual(
      bindings.map((b) => b.id),
      [binding.id],
    );

    const key = await cli.json([
      'api-key',
      'create',
      '--resource',
      'cloud',
      '--service-account',
      String(sa.id),
      '--description',
      'ci',
    ]);
    assert.ok(key.api_key && key.api_secret);
    const keys = await cli.json<Row[]>(['api-key', 'list', '--service-account', String(sa.id)]);
    assert.deepEqual(
      keys.map((k) => [k.key, k.owner, k.resource_type]),
      [[key.api_key, sa.id, 'cloud']],
    );

    // Environment variables override the saved context: the new key sees the environment it is bound on.
    const asSa = { CFLINK_API_KEY: String(key.api_key), CFLINK_API_SECRET: String(key.api_secret) };
    const seen = await cli.json<Row[]>(['environment', 'list'], asSa);
    assert.deepEqual(
      seen.map((e) => e.id),
      [env.id],
    );
    const forbidden = await cli.run(['iam', 'rbac', 'role-binding', 'list'], asSa);
    assert.equal(forbidden.code, 1);
    assert.match(forbidden.stderr, /^Error: 403 Forbidden/);

    const unbound = await cli.run([
      'iam',
      'rbac',
      'role-binding',
      'delete',
      '--principal',
      `User:${sa.id}`,
      '--role',
      'FlinkDeveloper',
      '--environment',
      String(env.id),
      '--force',
    ]);
    assert.equal(unbound.code, 0, unbound.stderr);
    assert.deepEqual(
      await cli.json<Row[]>(['iam', 'rbac', 'role-binding', 'list', '--principal', `User:${sa.id}`]),
      [],
    );
    assert.equal((await cli.run(['api-key', 'delete', String(key.api_key), '--force'])).code, 0);
    // Without --service-account the key is the caller's own.
    const own = await cli.json(['api-key', 'create', '--resource', 'cloud']);
    const mine = await cli.json<Row[]>(['api-key', 'list', '--service-account', api.admin.adminUserId]);
    assert.ok(
      mine.some((k) => k.key === own.api_key),
      JSON.stringify(mine),
    );
    assert.equal((await cli.run(['api-key', 'delete', String(own.api_key), '--force'])).code, 0);
    const gone = await cli.run(['environment', 'list'], asSa);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /401/);
    assert.equal((await cli.run(['iam', 'service-account', 'delete', String(sa.id), '--force'])).code, 0);
    assert.equal((await cli.run(['iam', 'service-account', 'describe', String(sa.id)])).code, 4);
  });

  it('billing costs, usage errors and completion', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const costs = await cli.json<Row[]>(['billing', 'cost', 'list', '--start-date', today, '--end-date', tomorrow]);
    assert.ok(Array.isArray(costs));
    const badDate = await cli.run(['billing', 'cost', 'list', '--start-date', 'yesterday', '--end-date', today]);
    assert.equal(badDate.code, 2);
    assert.match(badDate.stderr, /--start-date must be a date like 2026-11-01/);

    const unknown = await cli.run(['flink', 'statment', 'list']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'statment'/);
    const noSql = await cli.run(['flink', 'statement', 'create', 'x']);
    assert.equal(noSql.code, 2);
    assert.match(noSql.stderr, /required option '--sql <sql>' not specified/);
    const badFormat = await cli.run(['environment', 'list', '-o', 'xml']);
    assert.equal(badFormat.code, 2);

    // The API's 400 detail comes through (max_cfu must be one of the sizes).
    const env = await cli.json(['environment', 'create', unique('cli-bad')]);
    const badCfu = await cli.run([
      'flink',
      'compute-pool',
      'create',
      'p',
      '--cloud',
      'aws',
      '--region',
      'us-east-1',
      '--max-cfu',
      '7',
      '--environment',
      String(env.id),
    ]);
    assert.equal(badCfu.code, 1);
    assert.match(badCfu.stderr, /^Error: 400 Bad Request: .*max_cfu/);

    const help = await cli.run(['flink', 'statement', 'stop', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:\n {2}cflink flink statement stop copy-big --wait/);
    const bash = await cli.run(['completion', 'bash']);
    assert.match(bash.stdout, /complete -o default -F _cflink_complete cflink/);
    const words = await cli.run(['__complete', 'flink', 'compute-pool', '']);
    assert.deepEqual(words.stdout.trim().split('\n'), ['create', 'delete', 'describe', 'list', 'update', 'use']);
  });
});
