/**
 * The data layer keeps tenants apart by construction: a repository method takes the organization,
 * and with another organization's id it neither sees nor changes a row (real PostgreSQL).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EnvironmentsRepository, PrismaService } from '#db';
import { newId } from '#domain';
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
});
