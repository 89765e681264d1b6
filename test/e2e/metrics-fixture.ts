/**
 * A shared fixture of the metrics e2e files: an organization with two environments, three pools
 * and a statement on each, made to look RUNNING in a region of the file's own (so its metering
 * passes touch nothing else), fed engine samples as a worker publishes them, then one metering
 * pass. Values chosen so each aggregation is checkable by hand (see the samples below).
 */
import { randomUUID } from 'node:crypto';
import type { MetricSample } from '#contracts';
import { PrismaService } from '#db';
import { CfuLedger } from '#scheduler/metering/cfu-ledger';
import { MeteringPass } from '#scheduler/metering/metering-pass';
import { StatementMetricsStore } from '#scheduler/metrics/statement-metrics-store';
import { createEnvironment, ok, startApi, unique, type TestApi, type Tenant } from './harness';

export const FLINK = 'io.confluent.flink/';
export const POOL = 'resource.compute_pool.id';
export const NAME = 'resource.flink_statement.name';
export const ENV = 'resource.environment.id';
/** The samples' five minutes. */
export const INTERVAL = '2026-07-01T10:00:00Z/PT5M';
const t = (iso: string) => new Date(iso);

export interface MetricsFixture {
  api: TestApi;
  prisma: PrismaService;
  tenant: Tenant;
  /** Environments e1 (pools a: 10 CFUs, b: 20) and e2 (pool c: 10); statements s1 on a, s2 on b, s3 on c. */
  ids: Record<'e1' | 'e2' | 'a' | 'b' | 'c', string>;
  statements: Record<'s1' | 's2' | 's3', { uid: string; name: string }>;
  /** A Metrics API query as `client` (the tenant's admin by default): status, data and the raw result. */
  query(
    body: Record<string, unknown>,
    client?: Tenant['client'],
  ): Promise<{
    status: number;
    data: Record<string, string | number>[];
    error: { error?: unknown; response: Response };
  }>;
}

export async function metricsFixture(region: string): Promise<MetricsFixture> {
  const api = await startApi({ CFLINK_REGIONS: `AWS:us-east-1,AWS:${region}`, CFLINK_ENGINE_REGION: `AWS:${region}` });
  const prisma = api.app.get(PrismaService);
  const ledger = new CfuLedger(prisma);
  const store = new StatementMetricsStore(prisma, ledger);
  const tenant = await api.newTenant(unique('metrics'));
  const fx = {} as MetricsFixture['ids'] & MetricsFixture['statements'];
  const admin = tenant.client;
  const pool = async (env: string, max: 10 | 20) =>
    ok(
      await admin.POST('/fcpm/v2/compute-pools', {
        body: {
          spec: { display_name: unique('p'), cloud: 'AWS', region, max_cfu: max, environment: { id: env } },
        },
      }),
    ).id;
  const statement = async (env: string, poolId: string) => {
    const s = ok(
      await admin.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: { path: { organization_id: tenant.organizationId, environment_id: env } },
        body: { name: unique('s'), spec: { statement: 'SELECT 1', compute_pool_id: poolId } },
      }),
    );
    await prisma.statement.update({
      where: { uid: s.metadata.uid! },
      data: {
        phase: 'RUNNING',
        cfu: 2,
        startTime: t('2026-07-01T10:00:00Z'),
        dispatched: true,
        flinkJobId: randomUUID().replace(/-/g, ''),
      },
    });
    return { uid: s.metadata.uid!, name: s.name! };
  };
  fx.e1 = (await createEnvironment(admin)).id;
  fx.e2 = (await createEnvironment(admin)).id;
  fx.a = await pool(fx.e1, 10);
  fx.b = await pool(fx.e1, 20);
  fx.c = await pool(fx.e2, 10);
  fx.s1 = await statement(fx.e1, fx.a);
  fx.s2 = await statement(fx.e1, fx.b);
  fx.s3 = await statement(fx.e2, fx.c);

  const sample = (s: { uid: string }, poolId: string, at: string, v: Partial<MetricSample>): MetricSample => ({
    version: 1,
    statementUid: s.uid,
    computePoolId: poolId,
    at: `2026-07-01T${at}.000Z`,
    recordsIn: 0,
    recordsOut: 0,
    pendingRecords: 0,
    currentCfu: 2,
    stateSizeBytes: 0,
    ...v,
  });
  const wm = (iso: string) => Date.parse(`2026-07-01T${iso}Z`);
  for (const x of [
    // s1 restarts between 10:00:40 and 10:01:10: its counter drops and counts from zero again.
    sample(fx.s1, fx.a, '10:00:10', {
      recordsIn: 100,
      recordsOut: 10,
      pendingRecords: 40,
      stateSizeBytes: 1000,
      currentOutputWatermarkMs: wm('09:59:00'),
      skippedRecords: 2,
      deadLetterRecords: 1,
    }),
    sample(fx.s1, fx.a, '10:00:40', {
      recordsIn: 160,
      recordsOut: 16,
      pendingRecords: 20,
      stateSizeBytes: 3000,
      currentOutputWatermarkMs: wm('09:59:30'),
      skippedRecords: 5,
      deadLetterRecords: 3,
    }),
    sample(fx.s1, fx.a, '10:01:10', {
      recordsIn: 30,
      recordsOut: 3,
      pendingRecords: 10,
      stateSizeBytes: 500,
      currentOutputWatermarkMs: wm('10:00:30'),
      currentCfu: 3,
      skippedRecords: 1,
    }),
    sample(fx.s2, fx.b, '10:00:20', { recordsIn: 1000, pendingRecords: 5, currentOutputWatermarkMs: wm('09:58:00') }),
    sample(fx.s2, fx.b, '10:01:20', { recordsIn: 1500, pendingRecords: 7, currentOutputWatermarkMs: wm('10:01:00') }),
    sample(fx.s3, fx.c, '10:00:30', { recordsIn: 7, pendingRecords: 100 }),
  ]) {
    await store.apply(x);
  }
  await new MeteringPass(api.config, prisma, ledger).run(t('2026-07-01T10:02:05Z'));
  const query: MetricsFixture['query'] = async (q, client = tenant.client) => {
    const res = await client.POST('/v2/metrics/cloud/query', { body: q as never });
    return {
      status: res.response.status,
      data: (res.data?.data ?? []) as Record<string, string | number>[],
      error: res,
    };
  };
  const { e1, e2, a, b, c, s1, s2, s3 } = fx;
  return { api, prisma, tenant, ids: { e1, e2, a, b, c }, statements: { s1, s2, s3 }, query };
}
