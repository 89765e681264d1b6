/**
 * Starts are claimed in PostgreSQL and fenced by a token (apps/worker start-claims), on real
 * PostgreSQL and Redis: a start overtaken by a later one cannot record its job, a stop or delete
 * with no start in flight learns so at once, and one with a live start gets that start's job.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PrismaService } from '#db';
import { StartClaims } from '#worker/commands/start-claims';
import { StatementLeases } from '#worker/watch/statement-leases';
import { createEnvironment, createPool, ok, startApi, statementsPath, type TestApi } from './harness';

describe('start claims: fencing and stop/delete waits', () => {
  let api: TestApi;
  let prisma: PrismaService;
  let claims: StartClaims;
  let leases: StatementLeases;
  let env: string;
  let pool: string;

  before(async () => {
    api = await startApi();
    prisma = api.app.get(PrismaService);
    leases = new StatementLeases(api.config);
    claims = new StartClaims(prisma, leases);
    env = (await createEnvironment(api.admin.client)).id;
    pool = (await createPool(api.admin.client, env)).id;
  });
  after(async () => {
    await leases.onModuleDestroy();
    await api.close();
  });

  /** A statement as admission leaves it: PENDING, dispatched, waiting for a worker's start. */
  async function admitted(name: string): Promise<{ uid: string; version: number }> {
    const created = ok(
      await api.admin.client.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        ...statementsPath(api.admin.organizationId, env),
        body: { name, spec: { statement: 'SELECT 1', compute_pool_id: pool } },
      }),
    );
    const uid = created.metadata.uid!;
    const row = await prisma.statement.update({ where: { uid }, data: { dispatched: true } });
    return { uid, version: row.resourceVersion };
  }

  it('lets only the latest claimed start record its job', async () => {
    const { uid, version } = await admitted(`fenced-${Date.now()}`);
    const first = await claims.claim(uid, pool, version);
    const second = await claims.claim(uid, pool, version);
    assert.ok(first !== null && second !== null);
    assert.ok(second > first, 'tokens increase');
    assert.equal(await claims.record(uid, first, 'job-of-the-first'), false, 'an overtaken start cannot record');
    assert.equal(await claims.record(uid, second, 'job-of-the-second'), true);
    await claims.settle(uid, first);
    assert.equal(
      (await prisma.statement.findUniqueOrThrow({ where: { uid } })).startSettled,
      false,
      'a stale settle is a no-op',
    );
    await claims.settle(uid, second);
    assert.equal(await claims.jobOf(uid), 'job-of-the-second');
  });

  it('refuses a claim once the statement is stopped, deleted or on another pool', async () => {
    const { uid, version } = await admitted(`refused-${Date.now()}`);
    assert.equal(await claims.claim(uid, 'lfcp-other', version), null, 'another pool');
    assert.equal(await claims.claim(uid, pool, version - 1), null, 'an older admission');
    await prisma.statement.update({ where: { uid }, data: { phase: 'DELETING' } });
    assert.equal(await claims.claim(uid, pool, version), null, 'deleting');
    await prisma.statement.update({ where: { uid }, data: { phase: 'PENDING', stopped: true } });
    assert.equal(await claims.claim(uid, pool, version), null, 'stopped');
    // No start will run: a stop or delete has no job to wait for.
    assert.equal(await claims.jobOf(uid), undefined);
  });

  it('has a stop wait for a live start and take the job it recorded', async () => {
    const { uid, version } = await admitted(`live-${Date.now()}`);
    assert.ok(await leases.claim(uid));
    const token = (await claims.claim(uid, pool, version))!;
    let answered = false;
    const waiting = claims.jobOf(uid).then((job) => {
      answered = true;
      return job;
    });
    await claims.record(uid, token, 'job-1');
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(answered, false, 'the start has not published its outcome yet');
    await claims.settle(uid, token);
    assert.equal(await waiting, 'job-1');
    await leases.release(uid);
  });

  it('does not wait for a claimed start whose worker holds no lease any more', async () => {
    const { uid, version } = await admitted(`orphan-${Date.now()}`);
    const token = (await claims.claim(uid, pool, version))!;
    await claims.record(uid, token, 'job-left');
    // No lease held: the claimant died after recording its job, which the stop then takes.
    assert.equal(await claims.jobOf(uid), 'job-left');
  });
});
