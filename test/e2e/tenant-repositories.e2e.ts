/**
 * The data layer keeps tenants apart by construction: a repository method takes the organization,
 * and with another organization's id it neither sees nor changes a row (real PostgreSQL).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ApiKeysRepository,
  AuditEventsRepository,
  BillingRepository,
  ComputePoolsRepository,
  EnvironmentsRepository,
  OrganizationsRepository,
  PrismaService,
  RoleBindingsRepository,
  ServiceAccountsRepository,
  StatementsRepository,
  UsersRepository,
} from '#db';
import { newApiKeyId, newId, newStatementTransactionalIdPrefix, newUid } from '#domain';
import { startApi, unique, type Tenant, type TestApi } from './harness';

describe('tenant-scoped repositories', () => {
  let api: TestApi;
  let mine: Tenant;
  let theirs: Tenant;
  before(async () => {
    api = await startApi();
    mine = await api.newTenant(unique('repo-a'));
    theirs = await api.newTenant(unique('repo-b'));
  });
  after(() => api.close());

  it('environments: another organization cannot find, list, update or delete one', async () => {
    const environments = api.app.get(EnvironmentsRepository);
    const prisma = api.app.get(PrismaService);
    const id = newId('environment');
    await environments.create(theirs.organizationId, id, { displayName: 'theirs' });

    assert.equal(await environments.find(mine.organizationId, id), null);
    assert.ok(await environments.find(theirs.organizationId, id));
    const listed = await environments.list(mine.organizationId, { where: { id }, orderBy: { seq: 'asc' }, take: 10 });
    assert.deepEqual(listed, [], 'a filter naming the row does not widen the organization');
    // An OR at the top of the filter does not escape the organization either.
    const widened = await environments.list(mine.organizationId, {
      where: { OR: [{ id }, { organizationId: theirs.organizationId }] },
      orderBy: { seq: 'asc' },
      take: 10,
    });
    assert.deepEqual(widened, []);

    assert.equal(await environments.update(mine.organizationId, id, { displayName: 'stolen' }), null);
    const crn = `crn://confluent.cloud/organization=${theirs.organizationId}/environment=${id}`;
    assert.equal(await environments.deleteIfEmpty(mine.organizationId, id, crn, []), 'missing');
    const row = await prisma.environment.findUniqueOrThrow({ where: { id } });
    assert.equal(row.displayName, 'theirs');

    assert.equal(
      (await environments.update(theirs.organizationId, id, { displayName: 'renamed' }))?.displayName,
      'renamed',
    );
    assert.equal(await environments.deleteIfEmpty(theirs.organizationId, id, crn, []), 'deleted');
    assert.equal(await prisma.environment.count({ where: { id } }), 0);
  });

  it('compute pools: another organization cannot find, list, lock, update or delete one', async () => {
    const environments = api.app.get(EnvironmentsRepository);
    const pools = api.app.get(ComputePoolsRepository);
    const envId = newId('environment');
    await environments.create(theirs.organizationId, envId, { displayName: 'theirs' });
    const region = { cloud: 'AWS', region: 'us-east-1' };
    const id = newId('computePool');
    await pools.transaction((tx) =>
      pools.create(tx, theirs.organizationId, envId, id, region, { displayName: 'p', maxCfu: 5, defaultPool: true }),
    );
    const m = mine.organizationId;

    assert.equal(await pools.find(m, envId, id), null);
    assert.equal(await pools.findDefault(m, envId, region), null);
    const args = { orderBy: { seq: 'asc' as const }, take: 10 };
    assert.deepEqual(
      await pools.list(m, envId, { where: { OR: [{ id }, { organizationId: theirs.organizationId }] }, ...args }),
      [],
    );
    assert.deepEqual([...(await pools.currentCfu(m, [id], ['RUNNING']))], []);
    await pools.transaction(async (tx) => {
      assert.equal(await pools.count(tx, m, envId), 0);
      assert.equal(await pools.lock(tx, m, id), false);
      assert.equal(await pools.lockShared(tx, m, envId, id), null);
      assert.equal(await pools.update(tx, m, id, { displayName: 'stolen' }), null);
      assert.equal(await pools.delete(tx, m, id), false);
    });
    assert.equal((await pools.find(theirs.organizationId, envId, id))?.displayName, 'p');

    assert.equal(await pools.transaction((tx) => pools.delete(tx, theirs.organizationId, id)), true);
    assert.equal(await environments.deleteIfEmpty(theirs.organizationId, envId, 'crn://x', []), 'deleted');
  });

  it('statements: another organization cannot find, list, change or delete one, nor read its results', async () => {
    const environments = api.app.get(EnvironmentsRepository);
    const pools = api.app.get(ComputePoolsRepository);
    const statements = api.app.get(StatementsRepository);
    const prisma = api.app.get(PrismaService);
    const t = theirs.organizationId;
    const m = mine.organizationId;
    const envId = newId('environment');
    await environments.create(t, envId, { displayName: 'theirs' });
    const poolId = newId('computePool');
    const uid = newUid();
    await statements.transaction(async (tx) => {
      const region = { cloud: 'AWS', region: 'us-east-1' };
      await pools.create(tx, t, envId, poolId, region, { displayName: 'p', maxCfu: 5, defaultPool: false });
      await statements.create(tx, t, envId, {
        uid,
        name: 'theirs',
        statement: 'SELECT 1;',
        computePoolId: poolId,
        flinkRegion: 'aws.us-east-1',
        principal: 'u-theirs',
        transactionalIdPrefix: newStatementTransactionalIdPrefix('u-theirs', uid),
      });
    });
    await prisma.statementResultRow.create({ data: { statementUid: uid, seq: 1n, op: 0, row: [1] } });
    await prisma.statementException.create({ data: { statementUid: uid, name: 'E', message: 'boom' } });

    assert.equal(await statements.find(m, envId, 'theirs'), null);
    // No filter a page can carry (their pool, a prefix matching everything) reaches past the organization.
    const everything = [[{ column: 'computePoolId' as const, value: '', prefix: true }]];
    assert.deepEqual(await statements.list(m, envId, { computePoolId: poolId, visibleIn: everything, take: 10 }), []);
    assert.equal((await statements.list(t, envId, { visibleIn: everything, take: 10 })).length, 1);
    assert.deepEqual(await statements.results(m, uid, 0n, 10), []);
    assert.deepEqual(await statements.exceptions(m, uid, 10), []);
    await statements.markResultsRead(m, uid, 1n);
    await statements.transaction(async (tx) => {
      assert.deepEqual(await statements.lockActiveOnPool(tx, m, poolId), []);
      assert.equal(await statements.updateAtVersion(tx, m, uid, 1, { stopped: true }), false);
      assert.equal(await statements.update(tx, m, uid, { phase: 'DELETING' }), false);
      assert.equal(await statements.delete(tx, m, uid), false);
    });
    const row = await statements.find(t, envId, 'theirs');
    assert.equal(row?.phase, 'PENDING');
    assert.equal(row?.stopped, false);
    assert.equal(row?.resultsReadSeq, 0n);
    assert.equal((await statements.results(t, uid, 0n, 10)).length, 1);
    assert.equal((await statements.exceptions(t, uid, 10)).length, 1);

    await statements.transaction(async (tx) => {
      assert.equal((await statements.lockActiveOnPool(tx, t, poolId)).length, 1);
      assert.equal(await statements.delete(tx, t, uid), true);
      assert.equal(await pools.delete(tx, t, poolId), true);
    });
    await prisma.statementResultRow.deleteMany({ where: { statementUid: uid } });
    await prisma.statementException.deleteMany({ where: { statementUid: uid } });
    assert.equal(await environments.deleteIfEmpty(t, envId, 'crn://x', []), 'deleted');
  });

  it('IAM: another organization cannot find, list, change or delete users, accounts, keys or bindings', async () => {
    const users = api.app.get(UsersRepository);
    const accounts = api.app.get(ServiceAccountsRepository);
    const keys = api.app.get(ApiKeysRepository);
    const bindings = api.app.get(RoleBindingsRepository);
    const organizations = api.app.get(OrganizationsRepository);
    const t = theirs.organizationId;
    const m = mine.organizationId;
    const args = { orderBy: { seq: 'asc' as const }, take: 10 };
    const crn = `crn://confluent.cloud/organization=${t}`;

    const userId = newId('user');
    await users.create(t, userId, { email: `${userId}@example.test`, fullName: 'theirs' });
    const saId = newId('serviceAccount');
    const owner = { id: newId('roleBinding'), principal: `User:${userId}`, roleName: 'ResourceOwner', crnPattern: crn };
    await accounts.create(t, saId, { displayName: 'theirs', description: '' }, owner);
    const keyId = newApiKeyId();
    await keys.create(t, { id: keyId, ownerId: saId, secretHash: 'x', displayName: 'theirs', description: '' });

    assert.equal(await users.find(m, userId), null);
    assert.equal(await users.exists(m, userId), false);
    assert.deepEqual(await users.list(m, { where: { OR: [{ id: userId }, { organizationId: t }] }, ...args }), []);
    assert.equal(await accounts.find(m, saId), null);
    assert.equal(await accounts.exists(m, saId), false);
    assert.deepEqual(await accounts.list(m, { where: { OR: [{ id: saId }, { organizationId: t }] }, ...args }), []);
    assert.equal(await accounts.update(m, saId, { displayName: 'stolen' }), null);
    assert.equal(await keys.find(m, keyId), null);
    assert.deepEqual(await keys.list(m, { where: { OR: [{ id: keyId }, { organizationId: t }] }, ...args }), []);
    assert.equal(await keys.update(m, keyId, { displayName: 'stolen' }), null);
    assert.equal(await bindings.find(m, owner.id), null);
    assert.deepEqual(await bindings.list(m, { OR: [{ id: owner.id }, { organizationId: t }] }, 10), []);
    await organizations.whileLocked(m, async (tx) => {
      assert.equal(await keys.countCloudKeys(tx, m, [theirs.adminUserId, saId]), 0);
      assert.ok((await bindings.organizationAdmins(tx, m)).every((b) => !b.crnPattern.includes(t)));
      assert.equal(await keys.delete(tx, m, keyId), false);
      assert.equal(await bindings.delete(m, owner.id, tx), false);
      assert.equal(await accounts.delete(tx, m, saId, `User:${saId}`, `${crn}/service-account=${saId}`), false);
    });
    assert.equal((await keys.find(t, keyId))?.displayName, 'theirs');
    assert.equal((await accounts.find(t, saId))?.displayName, 'theirs');
    assert.ok(await bindings.find(t, owner.id));
    assert.ok(await users.exists(t, userId));

    await organizations.whileLocked(t, async (tx) => {
      assert.equal(await keys.countCloudKeys(tx, t, [theirs.adminUserId]), 1);
      assert.equal(await bindings.delete(t, owner.id, tx), true);
      assert.equal(await accounts.delete(tx, t, saId, `User:${saId}`, `${crn}/service-account=${saId}`), true);
    });
    assert.equal(await keys.find(t, keyId), null, 'the account took its keys along');
  });

  it('audit log: another organization does not read its events', async () => {
    const events = api.app.get(AuditEventsRepository);
    const prisma = api.app.get(PrismaService);
    const requestId = newUid();
    const t = theirs.organizationId;
    await prisma.auditEvent.create({ data: { organizationId: t, action: 'getEnvironment', requestId, status: 200 } });
    const widened = { OR: [{ requestId }, { organizationId: t }, { organizationId: null }] };
    assert.deepEqual(await events.list(mine.organizationId, widened, 10), []);
    assert.equal((await events.list(t, { requestId }, 10)).length, 1);
  });

  it('billing: another organization reads none of its usage or names', async () => {
    const billing = api.app.get(BillingRepository);
    const prisma = api.app.get(PrismaService);
    const t = theirs.organizationId;
    const statementUid = newUid();
    await prisma.cfuDay.create({
      data: {
        statementUid,
        day: new Date('2026-01-02T00:00:00Z'),
        computePoolId: 'lfcp-theirs',
        principal: 'sa-theirs',
        organizationId: t,
        environmentId: 'env-theirs',
        flinkRegion: 'aws.us-east-1',
        cfuMinutes: 7n,
      },
    });
    const m = mine.organizationId;
    assert.deepEqual(await billing.poolDays(m, '2026-01-01', '2026-01-03'), []);
    assert.deepEqual(await billing.statementDays(m, '2026-01-01', '2026-01-03'), []);
    assert.equal((await billing.poolDays(t, '2026-01-01', '2026-01-03'))[0]?.cfuMinutes, 7n);
    assert.equal((await billing.statementDays(t, '2026-01-01', '2026-01-03'))[0]?.statementUid, statementUid);
  });
});
