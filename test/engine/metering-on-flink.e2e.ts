/**
 * Metering on the real stack: a statement runs on Flink for a few minutes; the worker's samples
 * reach the ledger through Kafka and the scheduler; its CFU-minutes match how long it ran
 * (within one minute bucket) and the costs API serves exactly the ledger's total. Replaying
 * every sample changes nothing; a principal without BillingAdmin gets 403.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MetricSample } from '#contracts';
import { PrismaService } from '#db';
import { DAY_MS, dayOf, minuteOf, MINUTE_MS } from '#domain';
import { MeteringPass } from '#scheduler/metering/metering-pass';
import { StatementMetricsStore } from '#scheduler/metrics/statement-metrics-store';
import { bind, createEnvironment, failure, keyFor, ok, unique, type Tenant } from '../e2e/harness';
import { enginePool, startEngineStack, statementsOf, until, type EngineStack } from './engine-stack';

describe('metering on Flink: samples → ledger → costs', () => {
  let stack: EngineStack;
  let tenant: Tenant;
  before(async () => {
    stack = await startEngineStack('ap-metering-2');
    tenant = await stack.api.newTenant(unique('meter'));
  });
  after(() => stack.close());

  const prisma = () => stack.api.app.get(PrismaService);
  const ledgerOf = async (uid: string) =>
    (await prisma().cfuMinute.findMany({ where: { statementUid: uid }, orderBy: { minute: 'asc' } })).map((m) => ({
      minute: m.minute.getTime(),
      cfu: m.cfu,
    }));
  const total = (rows: { cfu: number }[]) => rows.reduce((a, r) => a + r.cfu, 0);

  it('a statement that ran a few minutes is billed its CFU-minutes, once', { timeout: 420_000 }, async () => {
    const c = tenant.client;
    const env = await createEnvironment(c);
    const pool = await enginePool(c, env.id, stack.region);
    const st = statementsOf(c, tenant.organizationId, env.id);
    await st.submit('sink', 'CREATE TABLE big_orders (order_id STRING, price DOUBLE)', pool.id);
    await st.phaseOf('sink', 'COMPLETED');
    const created = await st.submit(
      'meter',
      'INSERT INTO big_orders SELECT order_id, price FROM examples.marketplace.orders WHERE price > 50',
      pool.id,
    );
    const uid = created.metadata.uid!;
    await st.phaseOf('meter', 'RUNNING');
    // Three whole minutes in the ledger from the worker's samples.
    await until(
      'three minutes of samples in the ledger',
      async () => ((await ledgerOf(uid)).length >= 3 ? true : undefined),
      300_000,
    );

    const read = await st.get('meter');
    const put = await c.PUT(
      '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
      {
        params: { path: { organization_id: tenant.organizationId, environment_id: env.id, statement_name: 'meter' } },
        body: { ...read, spec: { ...read.spec, stopped: true } },
      },
    );
    assert.equal(put.response.status, 202);
    const stopped = await st.phaseOf('meter', 'STOPPED');
    const pass = stack.scheduler.get(MeteringPass);
    await pass.run();

    // Every minute from its start through its end, at its CFUs; the first may lack a sample.
    const rows = await ledgerOf(uid);
    const row = await prisma().statement.findUniqueOrThrow({ where: { uid } });
    const start = minuteOf(row.startTime!).getTime();
    const end = minuteOf(new Date(stopped.status.end_time!)).getTime();
    const span = (end - start) / MINUTE_MS + 1;
    const cfus = rows.map((r) => r.cfu);
    assert.ok(
      rows.every((r) => r.minute >= start && r.minute <= end),
      'no minute outside the run',
    );
    assert.ok(rows.length >= span - 1 && rows.length <= span, `${rows.length} minutes for a run spanning ${span}`);
    assert.ok(Math.min(...cfus) >= 1);
    const billed = total(rows);

    // The costs API serves the ledger's total, to the CFU-minute.
    const query = { start_date: dayOf(new Date(start)), end_date: dayOf(new Date(end + DAY_MS)) };
    const costed = async () => {
      const list = ok(await c.GET('/billing/v1/costs', { params: { query } }));
      return list.data.filter((l) => l.resource?.id === pool.id).reduce((a, l) => a + Math.round(l.quantity * 60), 0);
    };
    await until('the costs to show the ledger', async () => ((await costed()) === billed ? true : undefined), 30_000);

    // Replaying every sample the worker sent (as Kafka redelivery would) counts nothing twice.
    const store = stack.scheduler.get(StatementMetricsStore);
    const samples = await prisma().statementMetricSample.findMany({ where: { statementUid: uid } });
    assert.ok(samples.length >= 3);
    for (const s of samples) {
      const replay: MetricSample = {
        version: 1,
        statementUid: uid,
        computePoolId: s.computePoolId,
        at: s.at.toISOString(),
        recordsIn: Number(s.recordsIn),
        recordsOut: Number(s.recordsOut),
        pendingRecords: Number(s.pendingRecords),
        currentCfu: s.currentCfu,
        stateSizeBytes: Number(s.stateSizeBytes),
      };
      await store.apply(replay);
    }
    await pass.run();
    assert.equal(total(await ledgerOf(uid)), billed);
    assert.equal(await costed(), billed);

    // A FlinkDeveloper of the organization may not read costs.
    const sa = ok(await c.POST('/iam/v2/service-accounts', { body: { display_name: unique('dev') } }));
    await bind(c, sa.id, 'FlinkDeveloper', `crn://confluent.cloud/organization=${tenant.organizationId}`);
    const asDev = await keyFor(stack.api, c, sa.id);
    failure(await asDev.GET('/billing/v1/costs', { params: { query } }), 403);
    await st.remove('meter');
  });
});
