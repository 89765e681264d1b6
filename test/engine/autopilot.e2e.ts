/**
 * Autopilot on the real data plane: a statement reading a 4-partition topic that a producer
 * floods scales up within its pool's cap, a second statement in the full pool waits with
 * POOL_EXHAUSTED and is admitted once the first scales down, the first returns to 1 CFU when
 * idle, and a read_committed consumer sees every record exactly once across the rescales.
 * The loop runs with windows of seconds instead of minutes (CFLINK_AUTOPILOT_*).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Consumer } from 'kafkajs';
import { COSTLY_FILTER, FAST_AUTOPILOT_ENV, floodProcess } from '../../bench/flood-process';
import { ok } from '../e2e/harness';
import { PrismaService } from '#db';
import { enginePool, startEngineStack, statementsOf, topicOfTable, until, type EngineStack } from './engine-stack';
import { createEnvironment } from '../e2e/harness';

const FLOOD_RECORDS = 300_000;

/** The shared test cluster has 8 slots: the pool is narrowed to 3 CFUs (the API's smallest is 5). */
const POOL_CFU = 3;

describe('Autopilot: statements scale with their load inside the pool', () => {
  const id = randomUUID().slice(0, 8);
  const copy = `copy-${id}`;
  const second = `second-${id}`;
  let stack: EngineStack;
  let env: string;
  let pool: string;
  let sql: ReturnType<typeof statementsOf>;
  let consumer: Consumer;
  const seen = new Map<number, number>();
  let produced = 0;
  let flood: Promise<void> = Promise.resolve();
  const states = new Set<string>();

  const flink = () => stack.config.engine.flinkRestUrl;
  const poolCfu = async () =>
    ok(
      await stack.api.admin.client.GET('/fcpm/v2/compute-pools/{id}', {
        params: { path: { id: pool }, query: { environment: env } },
      }),
    ).status.current_cfu;
  /** Parallelism of each live Flink job of the statement (one job, always). */
  const parallelismOf = async (name: string): Promise<number[]> => {
    const { jobs } = (await (await fetch(`${flink()}/jobs/overview`)).json()) as {
      jobs: { jid: string; name: string; state: string }[];
    };
    const live = jobs.filter((j) => j.name === name && !['FINISHED', 'CANCELED', 'FAILED'].includes(j.state));
    const out: number[] = [];
    for (const j of live) {
      const job = (await (await fetch(`${flink()}/jobs/${j.jid}`)).json()) as { vertices: { parallelism: number }[] };
      out.push(Math.max(...job.vertices.map((v) => v.parallelism)));
    }
    return out;
  };
  const cfuOf = async (name: string) =>
    (await stack.scheduler.get(PrismaService).statement.findFirst({ where: { name, environmentId: env } }))?.cfu;
  const watchState = async (name: string) => {
    const s = await sql.get(name);
    states.add(`${name}:${s.status.scaling_status?.scaling_state}`);
    return s;
  };

  before(async () => {
    stack = await startEngineStack('ap-autopilot-1', FAST_AUTOPILOT_ENV);
    const c = stack.api.admin.client;
    env = (await createEnvironment(c)).id;
    pool = (await enginePool(c, env, stack.region, 5)).id!;
    await stack.scheduler.get(PrismaService).computePool.update({ where: { id: pool }, data: { maxCfu: POOL_CFU } });
    sql = statementsOf(c, stack.api.admin.organizationId, env);
  });

  after(async () => {
    await flood.catch(() => undefined);
    for (const name of [copy, second]) await sql.remove(name).catch(() => undefined);
    await consumer?.disconnect().catch(() => undefined);
    const mine = env ? (await stack.admin.listTopics()).filter((t) => t.startsWith(topicOfTable(env, ''))) : [];
    await stack.admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await stack?.close();
  });

  it('scales up under a flood, hands CFUs to a waiting statement, scales down when idle, exactly once', async () => {
    for (const [t, n] of [
      ['src', 4],
      ['dst', 4],
      ['other', 1],
    ] as const) {
      await sql.submit(`t-${t}-${id}`, `CREATE TABLE ${t} (id BIGINT) DISTRIBUTED INTO ${n} BUCKETS`, pool);
      await sql.phaseOf(`t-${t}-${id}`, 'COMPLETED');
    }
    await sql.submit(copy, `INSERT INTO dst SELECT id FROM src WHERE ${COSTLY_FILTER}`, pool);
    await sql.phaseOf(copy, 'RUNNING');
    const t0 = Date.now();
    let decidedAt = 0;
    assert.deepEqual(await parallelismOf(copy), [1]);
    // A flood from a child process (its own event loop: the in-process worker keeps sampling).
    flood = floodProcess(topicOfTable(env, 'src'), FLOOD_RECORDS).done;
    produced = FLOOD_RECORDS;

    const up = await until(
      `${copy} to scale up`,
      async () => {
        const s = await watchState(copy);
        if (!decidedAt && s.status.scaling_status?.scaling_state === 'PENDING_SCALE_UP') decidedAt = Date.now();
        const cfu = await cfuOf(copy);
        return cfu !== undefined && cfu > 1 ? cfu : undefined;
      },
      150_000,
    );
    assert.ok(up <= POOL_CFU, `${up} CFU within the pool's ${POOL_CFU}`);
    assert.ok(states.has(`${copy}:PENDING_SCALE_UP`), [...states].join(','));
    await until(`${copy}'s job at ${up}`, async () =>
      (await parallelismOf(copy)).join() === `${up}` ? true : undefined,
    );
    assert.equal(await poolCfu(), up);
    // What the README shows: samples before and after the rescale.
    const samples = await stack.scheduler.get(PrismaService).$queryRaw<unknown[]>`
      SELECT m.at, m.current_cfu, m.records_in, m.pending_records, m.busy_ratio
      FROM statement_metric_samples m JOIN statements s ON s.uid = m.statement_uid
      WHERE s.name = ${copy} ORDER BY m.at`;
    console.log(
      JSON.stringify(
        { decidedAfterMs: decidedAt - t0, runningAfterMs: Date.now() - t0, up, samples },
        (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v),
      ),
    );
    // The next Autopilot pass sees the engine at the target and reports OK.
    const scaled = await until(`${copy} scaling OK`, async () => {
      const st = await watchState(copy);
      return st.status.scaling_status?.scaling_state === 'OK' ? st : undefined;
    });
    assert.equal(scaled.status.phase, 'RUNNING');

    // Fill the pool, then a second statement must wait for CFUs.
    await until(
      `${copy} to hold the whole pool`,
      async () => ((await cfuOf(copy)) === POOL_CFU ? true : undefined),
      60_000,
    );
    await flood;
    await sql.submit(second, 'INSERT INTO dst SELECT id FROM other', pool);
    const waiting = await until(`${second} to wait`, async () => {
      const s = await sql.get(second);
      return s.status.scaling_status?.scaling_state === 'POOL_EXHAUSTED' ? s : undefined;
    });
    assert.equal(waiting.status.phase, 'PENDING');

    // The first gives CFUs back (fair share, then idleness); the second is admitted.
    await until(
      `${second} to run`,
      async () => {
        await watchState(copy);
        return (await sql.get(second)).status.phase === 'RUNNING' ? true : undefined;
      },
      90_000,
    );
    assert.ok(states.has(`${copy}:PENDING_SCALE_DOWN`), [...states].join(','));
    await until(
      `${copy} back at 1 CFU`,
      async () => ((await cfuOf(copy)) === 1 && (await parallelismOf(copy)).join() === '1' ? true : undefined),
      60_000,
    );
    assert.ok((await poolCfu()) <= POOL_CFU);

    // Read once the rescales are over (an in-process consumer of every record would starve the
    // in-process worker's sampling): what was committed across them, each record once.
    consumer = stack.kafka.consumer({ groupId: `autopilot-${id}` }); // read_committed (kafkajs' default)
    await consumer.connect();
    await consumer.subscribe({ topic: topicOfTable(env, 'dst'), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const { id: n } = JSON.parse(message.value!.toString()) as { id: number };
        seen.set(n, (seen.get(n) ?? 0) + 1);
      },
    });

    // At 1 CFU beside the second statement the copy may still be draining the flood's backlog:
    // wait while records keep arriving; a minute without one while some are missing is a loss.
    let last = -1;
    let progressAt = Date.now();
    while (seen.size < produced) {
      if (seen.size !== last) [last, progressAt] = [seen.size, Date.now()];
      if (Date.now() - progressAt > 60_000) {
        assert.fail(`${seen.size} of ${produced} records reached dst; none arrived for a minute`);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    // One more checkpoint for a duplicate to show up if there were one.
    await new Promise((r) => setTimeout(r, 6000));
    assert.deepEqual(
      [...seen].filter(([, n]) => n > 1),
      [],
    );
    assert.equal(seen.size, produced);
  });
});
