/**
 * The CLI on the real data plane: `--wait` through statement phases, and the SQL shell driven in
 * a real terminal (tmux): a multi-line query shown as a live table, Ctrl-C stopping it, SHOW.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CliRunner } from '../e2e/cli-harness';
import { createEnvironment } from '../e2e/harness';
import { Terminal } from '../e2e/terminal';
import { enginePool, startEngineStack, statementsOf, until, type EngineStack } from './engine-stack';

describe('cflink CLI on Flink: --wait and the SQL shell', () => {
  let stack: EngineStack;
  let cli: CliRunner;
  let env: string;
  let pool: string;
  let connection: Record<string, string>;

  before(async () => {
    stack = await startEngineStack('ap-cli-1');
    const c = stack.api.admin.client;
    env = (await createEnvironment(c)).id;
    pool = (await enginePool(c, env, stack.region)).id;
    connection = {
      CFLINK_API_URL: stack.api.baseUrl,
      CFLINK_API_KEY: stack.api.admin.apiKey,
      CFLINK_API_SECRET: stack.api.admin.secret,
      CFLINK_ENVIRONMENT: env,
      CFLINK_COMPUTE_POOL: pool,
    };
    cli = new CliRunner(connection);
  });
  after(() => stack.close());

  it('--wait through create, stop, resume and delete; exit 5 with the detail when a statement fails', async () => {
    const created = await cli.json([
      'flink',
      'statement',
      'create',
      'cli-orders-table',
      '--wait',
      '--sql',
      'CREATE TABLE cli_orders (order_id STRING, price DOUBLE)',
    ]);
    assert.equal(created.status, 'COMPLETED');

    const failed = await cli.run([
      'flink',
      'statement',
      'create',
      'cli-broken',
      '--wait',
      '--sql',
      'SELECT * FROM no_such_table',
    ]);
    assert.equal(failed.code, 5, failed.stderr);
    assert.match(failed.stderr, /^Error: Statement "cli-broken" FAILED: .*no_such_table/m);
    // The status is printed too (stdout is not a terminal: no spinner in it).
    assert.match(failed.stdout, /^Status +FAILED$/m);
    assert.ok(!failed.stdout.includes('\r'));

    // A continuous INSERT: RUNNING, then stopped and resumed, each waited on.
    const insert = await cli.json([
      'flink',
      'statement',
      'create',
      'cli-copy',
      '--wait',
      '--sql',
      'INSERT INTO cli_orders SELECT order_id, price FROM examples.marketplace.orders',
    ]);
    assert.equal(insert.status, 'RUNNING');
    assert.equal((await cli.json(['flink', 'statement', 'stop', 'cli-copy', '--wait'])).status, 'STOPPED');
    assert.equal((await cli.json(['flink', 'statement', 'resume', 'cli-copy', '--wait'])).status, 'RUNNING');

    const deleted = await cli.run(['flink', 'statement', 'delete', 'cli-broken', 'cli-copy', '--force', '--wait']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /^Deleted statement "cli-broken"\.\nDeleted statement "cli-copy"\.$/m);
    assert.equal((await cli.run(['flink', 'statement', 'describe', 'cli-broken'])).code, 4);
  });

  it('the shell: multi-line query as a live table, Ctrl-C stops it, SHOW TABLES, history', async () => {
    const term = new Terminal();
    await term.start(cli.commandLine(['flink', 'shell']));
    try {
      // capture-pane drops trailing blanks: the prompt reads `cflink>`.
      await term.see(/^cflink>$/m, 30_000);
      await term.type("SET 'client.statement-name' = 'shell-peek';");
      await term.see(/Set 'client.statement-name' = 'shell-peek'\./);
      await term.type('SELECT order_id, price');
      await term.see(/^ {5}>$/m);
      await term.type('FROM examples.marketplace.orders;');
      // The live view: title with phase and row count, the table's heading, rows arriving.
      // It follows the newest rows; Home pages back to the first ones (30 lines: 27 rows a page).
      const live = await term.see(/shell-peek · RUNNING · rows \d+–\d+ of \d+[\s\S]*ORDER_ID +PRICE/);
      assert.match(live, /q or Ctrl-C stop the statement/);
      await term.see(/rows \d+–\d+ of ([3-9]\d|\d{3,})\b/);
      await term.keys('Home');
      await term.see(/shell-peek · RUNNING · rows 1–27 of \d+/);
      await term.keys('C-c');
      const back = await term.see(/Stopped statement "shell-peek"\.\s*\ncflink>$/m);
      assert.match(back, /^\d+ rows .*statement stopped\.$/m);
      const statements = statementsOf(stack.api.admin.client, stack.api.admin.organizationId, env);
      const stopped = await statements.get('shell-peek');
      assert.equal(stopped.spec.stopped, true);

      await term.type('SHOW TABLES;');
      const shown = await term.see(/cli_orders[\s\S]*^1 row\.$/m);
      assert.match(shown, /^TABLE NAME/m);
      // client.output-format 'plain': one changelog line per row instead of the table.
      await term.type("SET 'client.output-format' = 'plain';");
      await term.type('SHOW TABLES;');
      await term.see(/^\+I \| cli_orders$/m);
      await term.type("SET 'color' = 'blue';");
      await term.see(
        /Error: Only sql\.\* statement properties and client\.\* shell settings can be set, not 'color'\./,
      );
      await term.type('exit');
      await until(
        'the shell to exit',
        async () => ((await term.screen().catch(() => '')) === '' ? true : undefined),
        10_000,
      );
    } finally {
      await term.close();
    }
    assert.ok(existsSync(join(cli.configHome, 'cflink', 'shell_history')));
  });
});
