/**
 * Topic options of a table take effect on the broker: set by CREATE TABLE, changed and reset by
 * ALTER TABLE, and shown by SHOW CREATE TABLE as the broker holds them. An option the product
 * cannot honour fails the statement.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigResourceTypes } from 'kafkajs';
import type { CflinkClient } from '#client';
import { createEnvironment, ok } from '../e2e/harness';
import { clusterOf, enginePool, startEngineStack, statementsOf, topicOfTable, type EngineStack } from './engine-stack';

describe('table options that configure the topic', () => {
  let stack: EngineStack;
  let c: CflinkClient;
  let env: string;
  let pool: string;
  let sql: ReturnType<typeof statementsOf>;

  before(async () => {
    stack = await startEngineStack('ap-topics-1');
    c = stack.api.admin.client;
    env = (await createEnvironment(c)).id;
    pool = (await enginePool(c, env, stack.region)).id;
    sql = statementsOf(c, stack.api.admin.organizationId, env);
  });

  after(async () => {
    const mine = (await stack.admin.listTopics()).filter((t) => t.startsWith(`${clusterOf(env)}.`));
    await stack.admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await stack?.close();
  });

  const brokerConfig = async (table: string) => {
    const described = await stack.admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topicOfTable(env, table) }],
    });
    const entries = described.resources[0].configEntries;
    return (name: string) => entries.find((e) => e.configName === name)?.configValue;
  };

  const results = async (name: string) =>
    ok(
      await c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{name}/results', {
        params: { path: { organization_id: stack.api.admin.organizationId, environment_id: env, name } },
      }),
    ).results.data.map((d) => d.row);

  it('applies them on CREATE and ALTER and reads them back from the broker', async () => {
    await sql.submit(
      't-create',
      "CREATE TABLE audit (id BIGINT) WITH ('kafka.retention.time' = '2 d', 'kafka.cleanup-policy' = 'delete-compact', 'kafka.retention.size' = '1 gb')",
      pool,
    );
    await sql.phaseOf('t-create', 'COMPLETED');
    let config = await brokerConfig('audit');
    assert.equal(config('retention.ms'), String(2 * 86_400_000));
    assert.equal(config('retention.bytes'), String(1024 ** 3));
    assert.deepEqual(config('cleanup.policy')?.split(',').sort(), ['compact', 'delete']);

    await sql.submit(
      't-alter',
      "ALTER TABLE audit SET ('kafka.retention.time' = '0', 'kafka.cleanup-policy' = 'compact')",
      pool,
    );
    await sql.phaseOf('t-alter', 'COMPLETED');
    await sql.submit('t-reset', "ALTER TABLE audit RESET ('kafka.retention.size')", pool);
    await sql.phaseOf('t-reset', 'COMPLETED');
    config = await brokerConfig('audit');
    assert.equal(config('retention.ms'), '-1');
    assert.equal(config('cleanup.policy'), 'compact');
    assert.equal(config('retention.bytes'), '-1', 'a reset option goes back to the broker default (unlimited)');

    await sql.submit('t-show', 'SHOW CREATE TABLE audit', pool);
    await sql.phaseOf('t-show', 'COMPLETED');
    const [[shown]] = (await results('t-show')) as string[][];
    assert.match(shown, /'kafka\.retention\.time' = '0'/);
    assert.match(shown, /'kafka\.cleanup-policy' = 'compact'/);
    assert.doesNotMatch(shown, /kafka\.retention\.size/);
    assert.doesNotMatch(shown, /properties\./);
  });

  it('refuses an option it cannot honour, and creates no topic', async () => {
    await sql.submit('t-bad', "CREATE TABLE nope (id BIGINT) WITH ('kafka.partitions' = '3')", pool);
    const failed = await sql.phaseOf('t-bad', 'FAILED');
    assert.match(failed.status.detail ?? '', /'kafka\.partitions' is not supported/);
    assert.equal((await stack.admin.listTopics()).includes(topicOfTable(env, 'nope')), false);
  });
});
