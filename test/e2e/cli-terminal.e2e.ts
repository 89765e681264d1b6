import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CliRunner } from './cli-harness';
import { startApi, unique, type TestApi } from './harness';
import { Terminal } from './terminal';

describe('cflink CLI: profiles, a real terminal and pipes', () => {
  let api: TestApi;
  let cli: CliRunner;
  before(async () => {
    api = await startApi();
    cli = new CliRunner({
      CFLINK_API_URL: api.baseUrl,
      CFLINK_API_KEY: api.admin.apiKey,
      CFLINK_API_SECRET: api.admin.secret,
    });
  });
  after(() => api.close());

  it('on a terminal --wait shows a spinner with the phase and the time; --timeout ends it with exit 6', async () => {
    const env = await cli.json(['environment', 'create', unique('cli-spin')]);
    const envFlag = ['--environment', String(env.id)];
    const pool = await cli.json([
      'flink',
      'compute-pool',
      'create',
      'p',
      '--cloud',
      'aws',
      '--region',
      'us-east-1',
      ...envFlag,
    ]);
    const create = ['flink', 'statement', 'create', 'spin', '--sql', 'SELECT 1', '--compute-pool', String(pool.id)];
    const term = new Terminal('spinner');
    // No scheduler runs here, so the statement stays PENDING until --timeout.
    await term.start(
      `${cli.commandLine([...create, ...envFlag, '--wait', '--timeout', '4s'])}; echo "exit=$?"; sleep 60`,
    );
    try {
      await term.see(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] statement spin: PENDING \(\ds\)$/m, 15_000);
      const end = await term.see(/^exit=6$/m, 20_000);
      assert.match(end, /^Error: Gave up waiting for statement spin after 4s; it is PENDING\.$/m);
      assert.doesNotMatch(end, /⠋|⠙|⠹|⠸|⠼|⠴|⠦|⠧|⠇|⠏/);
    } finally {
      await term.close();
    }
  });

  it('the shell fed by a pipe answers SET and USE itself and exits 1 when a statement failed', async () => {
    const env = await cli.json(['environment', 'create', unique('cli-pipe')]);
    const input =
      "SET 'sql.local-time-zone' = 'UTC';\nSET;\nSET 'color' = 'blue';\nUSE CATALOG nowhere;\nUSE cluster_0;\n";
    const r = await cli.run(['flink', 'shell'], { CFLINK_ENVIRONMENT: String(env.id) }, input);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^Set 'sql.local-time-zone' = 'UTC'\.\nKEY +VALUE\nsql.local-time-zone +UTC\n/);
    assert.match(r.stdout, /database 'cluster_0' in use\./);
    assert.match(
      r.stderr,
      /Error: Only sql\.\* statement properties and client\.\* shell settings can be set, not 'color'\./,
    );
    assert.match(r.stderr, /Error: No environment \(catalog\) named "nowhere"\./);
    assert.match(r.stderr, /Error: 2 statements failed\.\n$/);
  });

  it('profiles: no credentials is a usage error; env vars alone work; a broken file is named', async () => {
    const fresh = new CliRunner();
    const none = await fresh.run(['environment', 'list']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Not logged in: run `cflink login`/);
    const byEnv = await fresh.run(['environment', 'list', '-o', 'json'], {
      CFLINK_API_URL: api.baseUrl,
      CFLINK_API_KEY: api.admin.apiKey,
      CFLINK_API_SECRET: api.admin.secret,
    });
    assert.equal(byEnv.code, 0, byEnv.stderr);
    const badSecret = await fresh.run(['environment', 'list'], {
      CFLINK_API_URL: api.baseUrl,
      CFLINK_API_KEY: api.admin.apiKey,
      CFLINK_API_SECRET: 'wrong',
    });
    assert.equal(badSecret.code, 1);
    assert.match(badSecret.stderr, /401 Unauthorized/);
    const closedPort = await new Promise<number>((done) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => done(port));
      });
    });
    const unreachable = await fresh.run(['environment', 'list'], {
      CFLINK_API_URL: `http://127.0.0.1:${closedPort}`,
      CFLINK_API_KEY: 'k',
      CFLINK_API_SECRET: 's',
    });
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /Cannot reach the API at http:\/\/127.0.0.1:\d+: ECONNREFUSED/);

    const created = await fresh.run(['context', 'create', 'other', '--url', api.baseUrl, '--api-key', 'k'], {
      CFLINK_API_SECRET: 's',
    });
    assert.equal(created.code, 0, created.stderr);
    assert.equal(statSync(fresh.configFile).mode & 0o777, 0o600);
    const wrongContext = await fresh.run(['environment', 'list', '--context', 'nope']);
    assert.equal(wrongContext.code, 2);
    assert.match(wrongContext.stderr, /No context named "nope" \(known: other\)/);
    writeFileSync(fresh.configFile, '{');
    const broken = await fresh.run(['context', 'list']);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /config\.json is not valid JSON/);
  });
});
