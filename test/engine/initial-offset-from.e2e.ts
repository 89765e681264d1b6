/**
 * `sql.tables.initial-offset-from` on the real engine: statement B starts its tables from the
 * offsets statement A stopped at, so A's and B's output together hold every input record exactly
 * once (a read_committed consumer counts them); B waits PENDING while the statement it names
 * still runs; the API refuses a name it cannot resolve, and the engine a stateful statement.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CflinkClient } from '#client';
import { bind, failure, keyFor, ok } from '../e2e/harness';
import { enginePool, startEngineStack, statementsOf, topicOfTable, until, type EngineStack } from './engine-stack';

const REGION = 'ap-offsets-1';
const PROPERTY = 'sql.tables.initial-offset-from';

describe('sql.tables.initial-offset-from on Flink', () => {
  let stack: EngineStack;
  let c: CflinkClient;
  let envId: string;
  let poolId: string;
  let st: ReturnType<typeof statementsOf>;

  before(async () => {
    stack = await startEngineStack(REGION);
    c = stack.api.admin.client;
    envId = ok(
      await c.POST('/org/v2/environments', { body: { display_name: `offsets-${randomUUID().slice(0, 8)}` } }),
    ).id;
    poolId = (await enginePool(c, envId, REGION)).id;
    st = statementsOf(c, stack.api.admin.organizationId, envId);
  });
  after(async () => {
    for (const s of ok(
      await c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: { path: { organization_id: stack.api.admin.organizationId, environment_id: envId } },
      }),
    ).data) {
      await st.remove(s.name).catch(() => undefined);
    }
    await stack.close();
  });

  async function produce(from: number, count: number): Promise<void> {
    const producer = stack.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topicOfTable(envId, 'src'),
      messages: Array.from({ length: count }, (_, i) => ({ value: JSON.stringify({ id: `r${from + i}` }) })),
    });
    await producer.disconnect();
  }

  /** The ids in dst as a read_committed consumer sees them, once `count` have arrived (and a little after). */
  async function committed(count: number): Promise<string[]> {
    const consumer = stack.kafka.consumer({ groupId: `offsets-${randomUUID()}`, readUncommitted: false });
    const ids: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: topicOfTable(envId, 'dst'), fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void ids.push(JSON.parse(String(message.value)).id) });
      await until(`${count} committed records in dst (have ${ids.length})`, async () =>
        ids.length >= count ? true : undefined,
      );
      await new Promise((r) => setTimeout(r, 3000)); // a duplicate would arrive with the same commits
    } finally {
      await consumer.disconnect();
    }
    return ids;
  }

  async function stop(name: string) {
    const read = await st.get(name);
    const put = await c.PUT(
      '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
      {
        params: {
          path: { organization_id: stack.api.admin.organizationId, environment_id: envId, statement_name: name },
        },
        body: { ...read, spec: { ...read.spec, stopped: true } } as never,
      },
    );
    assert.equal(put.response.status, 202);
    return st.phaseOf(name, 'STOPPED');
  }

  it('refuses a name it cannot resolve: unknown, itself, malformed, or not visible to the caller', async () => {
    const missing = failure(await st.post('b', 'SELECT 1', poolId, { properties: { [PROPERTY]: 'nope' } }), 422);
    assert.match(missing[0].detail!, /names statement "nope", which does not exist in environment/);
    assert.equal(missing[0].source?.pointer, `/spec/properties/${PROPERTY}`);
    const self = failure(await st.post('b', 'SELECT 1', poolId, { properties: { [PROPERTY]: 'b' } }), 422);
    assert.match(self[0].detail!, /names the statement itself/);
    failure(await st.post('b', 'SELECT 1', poolId, { properties: { [PROPERTY]: 'Not A Name' } }), 400);
  });

  it('continues from where the named statement stopped: each of 150 records exactly once', async () => {
    await st.submit('src-table', 'CREATE TABLE src (id STRING)', poolId);
    await st.submit('dst-table', 'CREATE TABLE dst (id STRING)', poolId);
    await st.phaseOf('src-table', 'COMPLETED');
    await st.phaseOf('dst-table', 'COMPLETED');
    await produce(0, 100);

    await st.submit('copy-a', 'INSERT INTO dst SELECT id FROM src', poolId);
    await st.phaseOf('copy-a', 'RUNNING');
    assert.equal((await committed(100)).length, 100);

    // A statement naming a running one waits for it to stop, as Confluent's does.
    await st.submit('waits', 'INSERT INTO dst SELECT id FROM src', poolId, { properties: { [PROPERTY]: 'copy-a' } });
    const waiting = await until('waits to be held back', async () => {
      const s = await st.get('waits');
      return /Waiting for statement copy-a \(RUNNING\) to stop/.test(s.status.detail ?? '') ? s : undefined;
    });
    assert.equal(waiting.status.phase, 'PENDING');
    await st.remove('waits');

    // Only a caller that may read the named statement may name it: a developer on another pool may not.
    const sa = ok(await c.POST('/iam/v2/service-accounts', { body: { display_name: `dev-${randomUUID()}` } }));
    const other = await enginePool(c, envId, REGION, 5);
    const crn = `crn://confluent.cloud/organization=${stack.api.admin.organizationId}/environment=${envId}/flink-region=aws.${REGION}/compute-pool=${other.id}`;
    await bind(c, sa.id, 'FlinkDeveloper', crn);
    const dev = await keyFor(stack.api, c, sa.id);
    const hidden = failure(
      await statementsOf(dev, stack.api.admin.organizationId, envId).post('peek', 'SELECT 1', other.id, {
        properties: { [PROPERTY]: 'copy-a' },
      }),
      422,
    );
    assert.match(hidden[0].detail!, /or you may not read it/);

    const stopped = await stop('copy-a');
    assert.match(stopped.status.latest_offsets?.src ?? '', /^partition:\d+,offset:\d+/);
    await produce(100, 50);

    await st.submit('copy-b', 'INSERT INTO dst SELECT id FROM src', poolId, { properties: { [PROPERTY]: 'copy-a' } });
    const b = await st.phaseOf('copy-b', 'RUNNING');
    assert.equal(b.spec.properties[PROPERTY], 'copy-a');
    const ids = await committed(150);
    const expected = Array.from({ length: 150 }, (_, i) => `r${i}`);
    assert.deepEqual([...ids].sort(), [...expected].sort(), `duplicates or gaps: ${ids.length} records`);

    // A stateful statement cannot take them: it would start without the state the other built.
    await st.submit('join-b', 'INSERT INTO dst SELECT a.id FROM src a JOIN src b ON a.id = b.id', poolId, {
      properties: { [PROPERTY]: 'copy-a' },
    });
    const refused = await st.phaseOf('join-b', 'FAILED');
    assert.match(refused.status.detail ?? '', /applies to stateless statements only.*keeps state: a regular join/);
  });
});
