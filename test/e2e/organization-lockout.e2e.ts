/**
 * No shipped admin credential beyond loopback, and no way to lock an organization out of its
 * own API: the last Cloud API key of the last OrganizationAdmin, that admin's binding and the
 * service account holding it cannot be deleted (409 with a detail).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { ConfigError, loadConfig, LOCAL_BOOTSTRAP_KEY, LOCAL_BOOTSTRAP_SECRET } from '#config';
import { newApiKeyId, newApiKeySecret } from '#domain';
import { createHttpApp } from '#api/http-app';
import type { CflinkClient } from '#client';
import { createEnvironment, failure, keyFor, ok, startApi, unique, type Tenant, type TestApi } from './harness';

function lockedOut(errors: { code: string; detail?: string }[]) {
  assert.equal(errors[0].code, 'last_organization_admin');
  assert.match(errors[0].detail ?? '', /OrganizationAdmin .*Cloud API key/);
}

describe('organization lockout', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  const deleteKey = (client: CflinkClient, id: string) =>
    client.DELETE('/iam/v2/api-keys/{id}', { params: { path: { id } } });
  const adminBinding = async (tenant: Tenant, principal: string) => {
    const list = ok(
      await tenant.client.GET('/iam/v2/role-bindings', {
        params: {
          query: {
            crn_pattern: `crn://confluent.cloud/organization=${tenant.organizationId}`,
            principal: `User:${principal}`,
            role_name: 'OrganizationAdmin',
          },
        },
      }),
    );
    assert.equal(list.data.length, 1);
    return list.data[0].id;
  };

  it('keeps the last Cloud API key of the last OrganizationAdmin; a Flink region key does not count', async () => {
    const tenant = await api.newTenant(unique('lock-key'));
    lockedOut(failure(await deleteKey(tenant.client, tenant.apiKey), 409));
    ok(await tenant.client.GET('/iam/v2/users'));

    const env = await createEnvironment(tenant.client);
    const regional = ok(
      await tenant.client.POST('/iam/v2/api-keys', {
        body: { spec: { owner: { id: tenant.adminUserId }, resource: { id: 'aws.us-east-1', environment: env.id } } },
      }),
    );
    lockedOut(failure(await deleteKey(tenant.client, tenant.apiKey), 409));

    const second = await keyFor(api, tenant.client, tenant.adminUserId);
    assert.equal((await deleteKey(second, tenant.apiKey)).response.status, 204);
    failure(await tenant.client.GET('/iam/v2/users'), 401);
    const own = ok(await second.GET('/iam/v2/api-keys', { params: { query: { 'spec.owner': tenant.adminUserId } } }));
    const cloud = own.data.filter((k) => k.spec.resource.id === 'cloud');
    assert.equal(cloud.length, 1);
    lockedOut(failure(await deleteKey(second, cloud[0].id), 409));
    assert.equal((await deleteKey(second, regional.id)).response.status, 204, 'region keys may go');
    ok(await second.GET('/iam/v2/users'));
  });

  it('keeps the last admin binding and the service account holding it, until another admin has a key', async () => {
    const tenant = await api.newTenant(unique('lock-rb'));
    const own = await adminBinding(tenant, tenant.adminUserId);
    const deleteBinding = (client: CflinkClient, id: string) =>
      client.DELETE('/iam/v2/role-bindings/{id}', { params: { path: { id } } });
    lockedOut(failure(await deleteBinding(tenant.client, own), 409));

    // A second admin without a key does not help; with one it does.
    const sa = ok(await tenant.client.POST('/iam/v2/service-accounts', { body: { display_name: unique('admin') } }));
    const orgCrn = `crn://confluent.cloud/organization=${tenant.organizationId}`;
    const saBinding = ok(
      await tenant.client.POST('/iam/v2/role-bindings', {
        body: { principal: `User:${sa.id}`, role_name: 'OrganizationAdmin', crn_pattern: orgCrn },
      }),
    );
    lockedOut(failure(await deleteBinding(tenant.client, own), 409));
    const saClient = await keyFor(api, tenant.client, sa.id);
    assert.equal((await deleteBinding(tenant.client, own)).response.status, 200);
    failure(await tenant.client.GET('/iam/v2/role-bindings/{id}', { params: { path: { id: own } } }), 403);

    // Now the account is the only admin: neither it nor its binding nor its last key may go.
    const deleteAccount = (client: CflinkClient) =>
      client.DELETE('/iam/v2/service-accounts/{id}', { params: { path: { id: sa.id } } });
    lockedOut(failure(await deleteAccount(saClient), 409));
    lockedOut(failure(await deleteBinding(saClient, saBinding.id), 409));
    ok(await saClient.GET('/iam/v2/service-accounts/{id}', { params: { path: { id: sa.id } } }));

    // Other bindings go as before, and once the user is admin again the account may go.
    const viewer = ok(
      await saClient.POST('/iam/v2/role-bindings', {
        body: { principal: `User:${sa.id}`, role_name: 'MetricsViewer', crn_pattern: orgCrn },
      }),
    );
    assert.equal((await deleteBinding(saClient, viewer.id)).response.status, 200);
    ok(
      await saClient.POST('/iam/v2/role-bindings', {
        body: { principal: `User:${tenant.adminUserId}`, role_name: 'OrganizationAdmin', crn_pattern: orgCrn },
      }),
    );
    assert.equal((await deleteAccount(tenant.client)).response.status, 204);
    ok(await tenant.client.GET('/iam/v2/users'));
  });

  it('lets exactly one of two concurrent deletions of the last two admin keys through', async () => {
    const tenant = await api.newTenant(unique('lock-race'));
    const sa = ok(await tenant.client.POST('/iam/v2/service-accounts', { body: { display_name: unique('admin') } }));
    ok(
      await tenant.client.POST('/iam/v2/role-bindings', {
        body: {
          principal: `User:${sa.id}`,
          role_name: 'OrganizationAdmin',
          crn_pattern: `crn://confluent.cloud/organization=${tenant.organizationId}`,
        },
      }),
    );
    const saClient = await keyFor(api, tenant.client, sa.id);
    const saKey = ok(await saClient.GET('/iam/v2/api-keys', { params: { query: { 'spec.owner': sa.id } } })).data[0];
    // Each deletes the other's key: one goes, the other is refused (409, or 401 once its own key is gone).
    const results = await Promise.all([deleteKey(saClient, tenant.apiKey), deleteKey(tenant.client, saKey.id)]);
    const statuses = results.map((r) => r.response.status);
    assert.equal(statuses.filter((s) => s === 204).length, 1, `statuses ${statuses}`);
    assert.ok(
      statuses.every((s) => [204, 401, 409].includes(s)),
      `statuses ${statuses}`,
    );
    const survivor = statuses[0] === 204 ? saClient : tenant.client;
    ok(await survivor.GET('/iam/v2/users'));
  });
});

describe('the documented local admin secret beyond loopback', () => {
  const boot = async (env: Record<string, string>): Promise<INestApplication> => {
    const config = loadConfig({ ...process.env, CFLINK_RATE_LIMIT_PREFIX: `cflink-test:${unique('boot')}`, ...env });
    const app = await createHttpApp(config, false);
    try {
      await app.init();
    } catch (e) {
      await app.close();
      throw e;
    }
    return app;
  };

  it('refuses to start the API with it on a non-loopback address', async () => {
    await assert.rejects(
      boot({ CFLINK_HOST: '0.0.0.0', CFLINK_BOOTSTRAP_API_SECRET: LOCAL_BOOTSTRAP_SECRET }),
      (e: unknown) => e instanceof ConfigError && /CFLINK_BOOTSTRAP_API_SECRET/.test(e.message),
    );
  });

  it('refuses a stored key that still has it, until the key is rotated', async () => {
    const seedLocal = {
      CFLINK_BOOTSTRAP_API_KEY: LOCAL_BOOTSTRAP_KEY,
      CFLINK_BOOTSTRAP_API_SECRET: LOCAL_BOOTSTRAP_SECRET,
    };
    await (await boot({ CFLINK_HOST: '127.0.0.1', ...seedLocal })).close();
    const other = { CFLINK_BOOTSTRAP_API_KEY: newApiKeyId(), CFLINK_BOOTSTRAP_API_SECRET: newApiKeySecret() };
    await assert.rejects(
      boot({ CFLINK_HOST: '0.0.0.0', ...other }),
      (e: unknown) => e instanceof ConfigError && e.message.includes(LOCAL_BOOTSTRAP_KEY),
    );
    const rotated = { CFLINK_BOOTSTRAP_API_KEY: LOCAL_BOOTSTRAP_KEY, CFLINK_BOOTSTRAP_API_SECRET: newApiKeySecret() };
    await (await boot({ CFLINK_HOST: '0.0.0.0', ...rotated })).close();
    await (await boot({ CFLINK_HOST: '0.0.0.0', ...other })).close();
  });
});
