/**
 * Statement evolution on the real engine: a stack applied with the declarative entry (a child
 * process), its stateless INSERT changed and replaced with carry-over offsets, and a read_committed
 * consumer of the output seeing every input record exactly once across the switch; a stateful
 * change is refused with what Flink's plan showed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ok, unique } from '../e2e/harness';
import { startEngineStack, statementsOf, topicOfTable, until, type EngineStack } from './engine-stack';

const MAIN = resolve(__dirname, '../../apps/cli/src/main.js');
const REGION = 'ap-declarative-1';

describe('declarative statement evolution on Flink', () => {
  let stack: EngineStack;
  let dir: string;
  const envName = unique('evolve');

  const cflink = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((done) => {
      execFile(
        process.execPath,
        [MAIN, ...args],
        {
          cwd: dir,
          env: {
            PATH: process.env.PATH,
            CFLINK_API_URL: stack.api.baseUrl,
            CFLINK_API_KEY: stack.api.admin.apiKey,
            CFLINK_API_SECRET: stack.api.admin.secret,
          },
        },
        (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  const write = (copySql: string) =>
    fs.writeFile(
      join(dir, 'stack.yaml'),
      `stack: evolve
environments:
  main: { display_name: ${envName} }
compute_pools:
  pool: { environment: main, cloud: AWS, region: ${REGION}, max_cfu: 10 }
service_accounts:
  etl: {}
role_bindings:
  - { principal: etl, role: FlinkDeveloper, on: { environment: main } }
  - { principal: etl, role: ResourceOwner, on: { topic: { environment: main, name: '*' } } }
statements:
  src-table:
    environment: main
    compute_pool: pool
    principal: etl
    sql: CREATE TABLE src (id STRING)
  dst-table:
    environment: main
    compute_pool: pool
    principal: etl
    sql: CREATE TABLE dst (id STRING, version STRING)
  copy:
    environment: main
    compute_pool: pool
    principal: etl
    sql: ${JSON.stringify(copySql)}
`,
    );

  before(async () => {
    stack = await startEngineStack(REGION);
    dir = await fs.mkdtemp(join(tmpdir(), 'cflink-evolve-'));
  });
  after(async () => {
    // Whatever the test left running goes with the stack, so no job outlives the file.
    await cflink('destroy', '-f', 'stack.yaml', '--auto-approve', '--timeout', '120');
    await stack.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function produce(envId: string, ids: string[]): Promise<void> {
    const producer = stack.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topicOfTable(envId, 'src'),
      messages: ids.map((id) => ({ value: JSON.stringify({ id }) })),
    });
    await producer.disconnect();
  }

  /** Committed records of dst, as a read_committed consumer sees them, once `count` have arrived. */
  async function committed(envId: string, count: number): Promise<{ id: string; version: string }[]> {
    const consumer = stack.kafka.consumer({ groupId: `evolve-${randomUUID()}`, readUncommitted: false });
    const rows: { id: string; version: string }[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: topicOfTable(envId, 'dst'), fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void rows.push(JSON.parse(String(message.value))) });
      await until(
        `${count} committed records in dst`,
        async () => (rows.length >= count ? true : undefined),
        150_000,
      ).catch(async (e: Error) => {
        const offsets = async (t: string) =>
          JSON.stringify(await stack.admin.fetchTopicOffsets(topicOfTable(envId, t)));
        const listed = ok(
          await stack.api.admin.client.GET(
            '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements',
            {
              params: { path: { organization_id: stack.api.admin.organizationId, environment_id: envId } },
            },
          ),
        ).data.map((st) => `${st.name} ${st.status.phase} ${st.status.detail ?? ''}`);
        const exceptions = await stack.api.admin.client.GET(
          '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}/exceptions',
          {
            params: {
              path: { organization_id: stack.api.admin.organizationId, environment_id: envId, statement_name: 'copy' },
            },
          },
        );
        listed.push(JSON.stringify(exceptions.data ?? exceptions.error).slice(0, 1500));
        throw new Error(
          `${e.message}; got ${JSON.stringify(rows)}; src ${await offsets('src')}; dst ${await offsets('dst')}; ${listed.join(' | ')}`,
        );
      });
      await new Promise((r) => setTimeout(r, 3000)); // a duplicate would arrive with the same commits
    } finally {
      await consumer.disconnect();
    }
    return rows;
  }

  it('replaces a stateless statement with carry-over offsets, exactly once, and refuses a stateful one', async () => {
    await write("INSERT INTO dst SELECT id, 'v1' FROM src");
    const applied = await cflink('apply', '-f', 'stack.yaml', '--auto-approve', '--timeout', '180');
    assert.equal(applied.code, 0, `${applied.stdout}\n${applied.stderr}`);

    const c = stack.api.admin.client;
    const env = ok(await c.GET('/org/v2/environments', {})).data.find((e) => e.display_name === envName)!;
    const statements = statementsOf(c, stack.api.admin.organizationId, env.id);
    await produce(env.id, ['a1', 'a2', 'a3', 'a4', 'a5']);
    await committed(env.id, 5);

    await write("INSERT INTO dst SELECT id, 'v2' FROM src");
    const planned = await cflink('plan', '-f', 'stack.yaml', '-o', 'json', '--timeout', '180');
    assert.equal(planned.code, 2, `${planned.stdout}\n${planned.stderr}`);
    const plan = JSON.parse(planned.stdout) as { actions: { op: string; key: string; strategy?: string }[] };
    assert.deepEqual(
      plan.actions.map((a) => [a.op, a.key, a.strategy]),
      [['replace', 'copy', 'carry-over-offsets']],
    );

    const replaced = await cflink('apply', '-f', 'stack.yaml', '--auto-approve', '--timeout', '180');
    assert.equal(replaced.code, 0, `${replaced.stdout}\n${replaced.stderr}`);
    assert.match(replaced.stdout, /copy-v2 started from copy's offsets of src/);
    const v2 = await statements.get('copy-v2');
    assert.equal(v2.status.phase, 'RUNNING');
    // The SQL on the server is the SQL the stack declares; the property carries the offsets.
    assert.equal(v2.spec.statement, "INSERT INTO dst SELECT id, 'v2' FROM src");
    assert.equal(v2.spec.properties['sql.tables.initial-offset-from'], 'copy');
    const old = await c.GET(
      '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
      {
        params: {
          path: { organization_id: stack.api.admin.organizationId, environment_id: env.id, statement_name: 'copy' },
        },
      },
    );
    assert.equal(old.response.status, 404, 'the old version is deleted once the new one runs');

    await produce(env.id, ['b1', 'b2', 'b3']);
    const rows = await committed(env.id, 8);
    const ids = rows.map((r) => r.id).sort();
    assert.deepEqual(ids, ['a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2', 'b3'], JSON.stringify(rows));
    assert.ok(
      rows.filter((r) => r.id.startsWith('b')).every((r) => r.version === 'v2'),
      JSON.stringify(rows),
    );

    const again = await cflink('plan', '-f', 'stack.yaml');
    assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);

    await write('INSERT INTO dst SELECT id, CAST(COUNT(*) AS STRING) FROM src GROUP BY id');
    const stateful = await cflink('plan', '-f', 'stack.yaml', '--timeout', '180');
    assert.equal(stateful.code, 1, `${stateful.stdout}\n${stateful.stderr}`);
    assert.match(stateful.stdout, /! refused statement copy\n {4}why: .*(keeps state \(an aggregation|Could not tell)/);

    const destroyed = await cflink('destroy', '-f', 'stack.yaml', '--auto-approve', '--timeout', '180');
    assert.equal(destroyed.code, 0, `${destroyed.stdout}\n${destroyed.stderr}`);
    assert.equal((await c.GET('/org/v2/environments/{id}', { params: { path: { id: env.id } } })).response.status, 404);
  });
});
