/**
 * Deleting a statement that has no Flink job (a DDL statement that COMPLETED, one that FAILED
 * before submitting a job) goes at once: the DELETE itself removes it, no engine round trip.
 * (A running job still passes through DELETING: statements-on-flink.e2e.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PrismaService } from '#db';
import { createEnvironment } from '../e2e/harness';
import { enginePool, startEngineStack, statementsOf, topicOfTable, type EngineStack } from './engine-stack';

describe('statement deletion on the real stack', () => {
  let stack: EngineStack;
  let env: string;
  let statements: ReturnType<typeof statementsOf>;
  let pool: string;
  const path = '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}';
  const item = (name: string) => ({
    params: { path: { organization_id: stack.api.admin.organizationId, environment_id: env, statement_name: name } },
  });

  before(async () => {
    stack = await startEngineStack('ap-deletion-1');
    const client = stack.api.admin.client;
    env = (await createEnvironment(client)).id;
    pool = (await enginePool(client, env, stack.region)).id;
    statements = statementsOf(client, stack.api.admin.organizationId, env);
  });
  after(async () => {
    await stack.admin.deleteTopics({ topics: [topicOfTable(env, 'gone_at_once')] }).catch(() => undefined);
    await stack.close();
  });

  /** DELETE answers 202 and the very next GET is 404, with the statement's results gone too. */
  async function deletedAtOnce(name: string) {
    const uid = (await statements.get(name)).metadata.uid;
    const client = stack.api.admin.client;
    const started = Date.now();
    assert.equal((await client.DELETE(path, item(name))).response.status, 202);
    assert.equal((await client.GET(path, item(name))).response.status, 404, `${name} is gone right after DELETE`);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    const prisma = stack.api.app.get(PrismaService);
    assert.equal(await prisma.statementResultRow.count({ where: { statementUid: uid } }), 0);
    assert.equal(await prisma.statementException.count({ where: { statementUid: uid } }), 0);
  }

  it('a COMPLETED DDL statement', async () => {
    await statements.submit('ddl-done', 'CREATE TABLE gone_at_once (id INT)', pool);
    await statements.phaseOf('ddl-done', 'COMPLETED');
    await deletedAtOnce('ddl-done');
  });

  it('a COMPLETED SHOW with results', async () => {
    await statements.submit('show-done', 'SHOW TABLES', pool);
    await statements.phaseOf('show-done', 'COMPLETED');
    await deletedAtOnce('show-done');
  });

  it('a statement that FAILED without a job', async () => {
    await statements.submit('failed-early', 'SELECT * FROM no_such_table', pool);
    await statements.phaseOf('failed-early', 'FAILED');
    await deletedAtOnce('failed-early');
  });
});
