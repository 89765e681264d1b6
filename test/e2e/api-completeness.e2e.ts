/**
 * The Confluent operations clients expect beyond create/read/delete: statement PATCH (JSON
 * Patch) and label changes by PUT, organization PATCH, user PATCH and DELETE, and a region's
 * metadata.self. All through the typed client, every response checked against the document.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CflinkClient, Schemas } from '#client';
import {
  bind,
  createEnvironment,
  createPool,
  failure,
  keyFor,
  ok,
  startApi,
  unique,
  type Tenant,
  type TestApi,
} from './harness';

const ITEM = '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}';
type Op = Schemas['StatementPatchOperation'];

describe('API completeness for clients', () => {
  let api: TestApi;
  let tenant: Tenant;
  let c: CflinkClient;
  let env: string;
  let pool: string;
  before(async () => {
    api = await startApi();
    tenant = await api.newTenant(unique('complete'));
    c = tenant.client;
    env = (await createEnvironment(c)).id;
    pool = (await createPool(c, env)).id;
  });
  after(() => api.close());

  const item = (name: string) => ({
    params: { path: { organization_id: tenant.organizationId, environment_id: env, statement_name: name } },
  });
  const submit = async (name: string, labels: Record<string, string> = {}) =>
    ok(
      await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: { path: { organization_id: tenant.organizationId, environment_id: env } },
        body: { name, metadata: { labels }, spec: { statement: 'SELECT 1', compute_pool_id: pool } },
      }),
    );
  const patch = (name: string, ops: Op[], contentType = 'application/json-patch+json') =>
    c.PATCH(ITEM, { ...item(name), body: ops, headers: { 'Content-Type': contentType } });
  const get = async (name: string) => ok(await c.GET(ITEM, item(name)));

  describe('statement PATCH (JSON Patch, as Confluent)', () => {
    it('stops and resumes, answering the patched statement', async () => {
      const name = unique('patched');
      await submit(name);
      const stopped = ok(await patch(name, [{ op: 'REPLACE', path: '/spec/stopped', value: true }]));
      assert.equal(stopped.spec.stopped, true);
      assert.equal(stopped.status.phase, 'STOPPED', 'never dispatched, so stopped at once');
      assert.equal(stopped.metadata.resource_version, '2');
      // RFC 6902 lower-case ops and a plain JSON content type work as well.
      const resumed = ok(
        await patch(name, [{ op: 'replace', path: '/spec/stopped', value: false }], 'application/json'),
      );
      assert.equal(resumed.status.phase, 'PENDING');
      assert.deepEqual(await get(name), resumed);
    });

    it('changes labels, which label_selector then sees', async () => {
      const name = unique('labelled');
      await submit(name, { team: 'a' });
      const changed = ok(
        await patch(name, [
          { op: 'ADD', path: '/metadata/labels/tier', value: 'gold' },
          { op: 'REMOVE', path: '/metadata/labels/team' },
        ]),
      );
      assert.deepEqual(changed.metadata.labels, { tier: 'gold' });
      const listed = ok(
        await c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
          params: {
            path: { organization_id: tenant.organizationId, environment_id: env },
            query: { label_selector: 'tier=gold' },
          },
        }),
      );
      assert.deepEqual(
        listed.data.map((s) => s.name),
        [name],
      );
    });

    it('a TEST of resource_version makes it conditional: a stale one is 409', async () => {
      const name = unique('pinned');
      const created = await submit(name);
      const pinned = (version: string): Op[] => [
        { op: 'TEST', path: '/metadata/resource_version', value: version },
        { op: 'REPLACE', path: '/spec/stopped', value: true },
      ];
      ok(await patch(name, pinned(created.metadata.resource_version)));
      const [stale] = failure(await patch(name, pinned(created.metadata.resource_version)), 409);
      assert.equal(stale.source?.pointer, '/0');
      assert.match(stale.detail ?? '', /resource_version/);
    });

    it('refuses what a PUT may not change (422), naming the operation or field', async () => {
      const name = unique('immutable');
      await submit(name);
      const [sql] = failure(await patch(name, [{ op: 'REPLACE', path: '/spec/statement', value: 'SELECT 2' }]), 422);
      assert.match(sql.detail ?? '', /\/spec\/statement cannot be changed/);
      // As with PUT, the principal changes only together with a resume.
      const [principal] = failure(
        await patch(name, [{ op: 'REPLACE', path: '/spec/principal', value: `${tenant.adminUserId}x` }]),
        422,
      );
      assert.equal(principal.source?.pointer, '/spec/principal');
      const [missing] = failure(await patch(name, [{ op: 'REMOVE', path: '/spec/nothing' }]), 422);
      assert.equal(missing.source?.pointer, '/0');
      const [badOp] = failure(await patch(name, [{ op: 'DROP', path: '/spec' } as never]), 400);
      assert.match(badOp.source?.pointer ?? '', /^\/0/);
      failure(await patch(unique('absent'), [{ op: 'REPLACE', path: '/spec/stopped', value: true }]), 404);
    });

    it('needs the right to assign the principal a resume names', async () => {
      const name = unique('assign');
      await submit(name);
      ok(await patch(name, [{ op: 'REPLACE', path: '/spec/stopped', value: true }]));
      const sa = ok(await c.POST('/iam/v2/service-accounts', { body: { display_name: unique('dev') } }));
      const developer = await keyFor(api, c, sa.id);
      await bind(
        c,
        sa.id,
        'FlinkDeveloper',
        `crn://confluent.cloud/organization=${tenant.organizationId}/environment=${env}`,
      );
      const other = ok(await c.POST('/iam/v2/service-accounts', { body: { display_name: unique('other') } }));
      const resumeAs: Op[] = [
        { op: 'REPLACE', path: '/spec/stopped', value: false },
        { op: 'REPLACE', path: '/spec/principal', value: other.id },
      ];
      failure(await developer.PATCH(ITEM, { ...item(name), body: resumeAs }), 403);
      assert.equal((await get(name)).spec.stopped, true);
      assert.equal(ok(await patch(name, resumeAs)).spec.principal, other.id);
    });
  });

  it('PUT applies label changes; omitted labels stay', async () => {
    const name = unique('put-labels');
    const created = await submit(name, { team: 'a' });
    const put = (body: Schemas['StatementUpdate']) => c.PUT(ITEM, { ...item(name), body });
    const withLabels = { ...created, metadata: { ...created.metadata, labels: { team: 'b', env: 'prod' } } };
    assert.equal((await put(withLabels)).response.status, 202);
    const read = await get(name);
    assert.deepEqual(read.metadata.labels, { team: 'b', env: 'prod' });
    assert.equal(read.metadata.resource_version, '2');
    failure(await put(withLabels), 409);
    const withoutLabels: Partial<typeof read.metadata> = { ...read.metadata };
    delete withoutLabels.labels;
    assert.equal((await put({ ...read, metadata: withoutLabels as typeof read.metadata })).response.status, 202);
    assert.deepEqual((await get(name)).metadata.labels, { team: 'b', env: 'prod' });
  });

  it('PATCH /org/v2/organizations/{id} renames the organization', async () => {
    const path = { params: { path: { id: tenant.organizationId } } };
    const renamed = ok(await c.PATCH('/org/v2/organizations/{id}', { ...path, body: { display_name: 'Finance Org' } }));
    assert.equal(renamed.display_name, 'Finance Org');
    assert.equal(ok(await c.GET('/org/v2/organizations/{id}', path)).display_name, 'Finance Org');
    const [bad] = failure(await c.PATCH('/org/v2/organizations/{id}', { ...path, body: { display_name: 'a<b' } }), 400);
    assert.equal(bad.source?.pointer, '/display_name');
    failure(await c.PATCH('/org/v2/organizations/{id}', { ...path, body: { jit_enabled: true as false } }), 400);
    const other = await api.newTenant(unique('other-org'));
    failure(
      await c.PATCH('/org/v2/organizations/{id}', {
        params: { path: { id: other.organizationId } },
        body: { display_name: 'x' },
      }),
      404,
    );
  });

  describe('users: PATCH and DELETE', () => {
    const userPath = (id: string) => ({ params: { path: { id } } });

    it('changes the full name; the e-mail is immutable', async () => {
      const user = ok(await c.POST('/iam/v2/users', { body: { email: `${unique('u')}@x.test`, full_name: 'A' } }));
      const renamed = ok(
        await c.PATCH('/iam/v2/users/{id}', { ...userPath(user.id), body: { ...user, full_name: 'B' } }),
      );
      assert.equal(renamed.full_name, 'B');
      const [email] = failure(
        await c.PATCH('/iam/v2/users/{id}', { ...userPath(user.id), body: { email: 'other@x.test' } }),
        422,
      );
      assert.equal(email.source?.pointer, '/email');
    });

    it('deletes a user created with POST, with its keys and role bindings', async () => {
      const user = ok(await c.POST('/iam/v2/users', { body: { email: `${unique('u')}@x.test`, full_name: 'Gone' } }));
      const asUser = await keyFor(api, c, user.id);
      const binding = await bind(
        c,
        user.id,
        'EnvironmentAdmin',
        `crn://confluent.cloud/organization=${tenant.organizationId}/environment=${env}`,
      );
      ok(await asUser.GET('/org/v2/environments/{id}', { params: { path: { id: env } } }));
      assert.equal((await c.DELETE('/iam/v2/users/{id}', userPath(user.id))).response.status, 204);
      failure(await c.GET('/iam/v2/users/{id}', userPath(user.id)), 404);
      failure(await asUser.GET('/org/v2/environments/{id}', { params: { path: { id: env } } }), 401);
      failure(await c.GET('/iam/v2/role-bindings/{id}', { params: { path: { id: binding.id } } }), 404);
      failure(await c.DELETE('/iam/v2/users/{id}', userPath(user.id)), 404);
    });

    it('a stopped statement of a deleted user cannot be resumed as it', async () => {
      const user = ok(await c.POST('/iam/v2/users', { body: { email: `${unique('u')}@x.test`, full_name: 'Owner' } }));
      const name = unique('orphan');
      ok(
        await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
          params: { path: { organization_id: tenant.organizationId, environment_id: env } },
          body: { name, spec: { statement: 'SELECT 1', compute_pool_id: pool, principal: user.id, stopped: true } },
        }),
      );
      assert.equal((await c.DELETE('/iam/v2/users/{id}', userPath(user.id))).response.status, 204);
      const [gone] = failure(await patch(name, [{ op: 'REPLACE', path: '/spec/stopped', value: false }]), 422);
      assert.equal(gone.source?.pointer, '/spec/principal');
      ok(
        await patch(name, [
          { op: 'REPLACE', path: '/spec/stopped', value: false },
          { op: 'REPLACE', path: '/spec/principal', value: tenant.adminUserId },
        ]),
      );
    });

    it('refuses to delete the last OrganizationAdmin holding a Cloud API key', async () => {
      const [locked] = failure(await c.DELETE('/iam/v2/users/{id}', userPath(tenant.adminUserId)), 409);
      assert.equal(locked.code, 'last_organization_admin');
      ok(await c.GET('/iam/v2/users/{id}', userPath(tenant.adminUserId)));
    });
  });

  it("a region's metadata.self answers with the region", async () => {
    const regions = ok(await c.GET('/fcpm/v2/regions'));
    assert.ok(regions.data.length > 0);
    for (const region of regions.data) {
      assert.equal(region.metadata.self, `${api.baseUrl}/fcpm/v2/regions/${region.id}`);
      assert.deepEqual(ok(await c.GET('/fcpm/v2/regions/{id}', { params: { path: { id: region.id } } })), region);
    }
    failure(await c.GET('/fcpm/v2/regions/{id}', { params: { path: { id: 'aws.nowhere-1' } } }), 404);
  });
});
