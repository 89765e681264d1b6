/**
 * The control plane and engine processes of one test file, in-process against the real data
 * plane: the API, a scheduler and a worker serving a region of the file's own (so statements
 * other files leave PENDING are not theirs), and a Kafka admin client.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { logLevel, type Admin, type Kafka } from 'kafkajs';
import type { CflinkClient, Schemas } from '#client';
import { loadConfig, type CflinkConfig } from '#config';
import { kafkaClient } from '#contracts';
import { startScheduler } from '#scheduler/scheduler-app';
import { startWorker } from '#worker/worker-app';
import { createEnvironment, ok, startApi, unique, type TestApi } from '../e2e/harness';
import { until } from './until';

export { until };

export type Statement = Schemas['Statement'];

export interface EngineStack {
  api: TestApi;
  config: CflinkConfig;
  kafka: Kafka;
  admin: Admin;
  /** The region the stack's engine serves, e.g. `ap-isolation-1`. */
  region: string;
  /** The stack's scheduler, for tests that drive its parts (metering) directly. */
  scheduler: INestApplicationContext;
  close(): Promise<void>;
}

/** `overrides`: settings of the stack's scheduler and worker, e.g. a shorter metrics interval. */
export async function startEngineStack(region: string, overrides: Record<string, string> = {}): Promise<EngineStack> {
  const regions = `AWS:us-east-1,AWS:${region}`;
  const api = await startApi({ CFLINK_REGIONS: regions });
  const config = loadConfig({
    ...process.env,
    CFLINK_REGIONS: regions,
    CFLINK_ENGINE_REGION: `AWS:${region}`,
    CFLINK_EVENTS_CONSUMER_GROUP: `cflink-test-${randomUUID().slice(0, 8)}`,
    CFLINK_SCHEDULER_INTERVAL_MS: '250',
    CFLINK_WORKER_POOL_REFRESH_MS: '250',
    CFLINK_WORKER_CONCURRENCY: '3',
    CFLINK_WORKER_WATCH_INTERVAL_MS: '1000',
    ...overrides,
  });
  const kafka = kafkaClient(config.engine, 'cflink-test', logLevel.NOTHING);
  const admin = kafka.admin();
  await admin.connect();
  const scheduler: INestApplicationContext = await startScheduler(config, ['error']);
  const worker: INestApplicationContext = await startWorker(config, ['error']);
  return {
    api,
    config,
    kafka,
    admin,
    region,
    scheduler,
    async close() {
      await worker.close();
      await scheduler.close();
      await api.close();
      await admin.disconnect();
    },
  };
}

/** Statement calls of one client in one environment. */
export function statementsOf(client: CflinkClient, organizationId: string, environmentId: string) {
  const base = { organization_id: organizationId, environment_id: environmentId };
  const path = '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}';
  const item = (name: string) => ({ params: { path: { ...base, statement_name: name } } });
  const post = (
    name: string,
    statement: string,
    computePoolId: string,
    extra: { principal?: string; properties?: Record<string, string> } = {},
  ) =>
    client.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
      params: { path: base },
      body: { name, spec: { statement, compute_pool_id: computePoolId, ...extra } } as never,
    });
  const get = async (name: string) => ok(await client.GET(path, item(name)));
  return {
    post,
    submit: async (...args: Parameters<typeof post>) => ok(await post(...args)),
    get,
    /** Waits for `phase`; a statement that FAILs while waiting for another phase fails the wait with its detail. */
    phaseOf: (name: string, phase: string) =>
      until(`${name} to be ${phase}`, async () => {
        const s = await get(name);
        if (phase !== 'FAILED' && s.status.phase === 'FAILED') throw new Error(`${name} FAILED: ${s.status.detail}`);
        return s.status.phase === phase ? s : undefined;
      }),
    async remove(name: string) {
      await client.DELETE(path, item(name));
      await until(`${name} to be gone`, async () =>
        (await client.GET(path, item(name))).response.status === 404 ? true : undefined,
      );
    },
  };
}

/** A pool in the stack's region. */
export async function enginePool(client: CflinkClient, environmentId: string, region: string, maxCfu: 5 | 10 = 10) {
  const spec = {
    display_name: unique('pool'),
    cloud: 'AWS',
    region,
    max_cfu: maxCfu,
    environment: { id: environmentId },
  };
  return ok(await client.POST('/fcpm/v2/compute-pools', { body: { spec } }));
}

/** The logical Kafka cluster of an environment, and a table's topic on the shared broker. */
export const clusterOf = (environmentId: string) => `lkc-${environmentId.replace(/^env-/, '')}`;
export const topicOfTable = (environmentId: string, table: string) => `${clusterOf(environmentId)}.${table}`;

/** A stack with the admin's environment, a pool of the stack's region and its statement calls. */
export async function startEngineEnvironment(region: string) {
  const stack = await startEngineStack(region);
  const c = stack.api.admin.client;
  const org = stack.api.admin.organizationId;
  const env = (await createEnvironment(c)).id;
  const pool = (await enginePool(c, env, stack.region)).id;
  return { stack, c, org, env, pool, sql: statementsOf(c, org, env) };
}
