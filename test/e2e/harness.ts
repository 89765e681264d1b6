/**
 * Starts the real API in-process against the test database (CFLINK_DATABASE_URL, prepared
 * and migrated by scripts/test.sh) and hands out typed clients. Every test works in
 * environments and organizations of its own, so files can share the database.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { loadConfig, type CflinkConfig } from '#config';
import { responseContract } from './response-contract';
import { createCflinkClient, type CflinkClient, type Schemas } from '#client';
import { newApiKeyId, newApiKeySecret } from '#domain';
import { createHttpApp } from '#api/http-app';
import { OrganizationBootstrap, type SeededOrganization } from '#api/auth/organization-bootstrap';

export interface Tenant extends SeededOrganization {
  secret: string;
  client: CflinkClient;
}

export interface TestApi {
  app: INestApplication;
  baseUrl: string;
  config: CflinkConfig;
  /** The organization seeded from configuration at startup. */
  admin: Tenant;
  /** A fresh organization with its own admin key. */
  newTenant(name?: string): Promise<Tenant>;
  client(apiKey?: string, apiSecret?: string): CflinkClient;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Each API started here keeps its Redis keys under a prefix of its own, so parallel test files
 * never share rate-limit counters; limits default high enough that only tests lowering them
 * (through `overrides`) meet them.
 */
export async function startApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const adminKey = newApiKeyId();
  const adminSecret = newApiKeySecret();
  const config = loadConfig({
    ...process.env,
    CFLINK_PORT: String(await freePort()),
    CFLINK_BOOTSTRAP_API_KEY: adminKey,
    CFLINK_BOOTSTRAP_API_SECRET: adminSecret,
    CFLINK_RATE_LIMIT_PREFIX: `cflink-test:${process.pid}:${randomUUID()}`,
    CFLINK_RATE_LIMIT_PER_SECOND: '100000',
    CFLINK_RATE_LIMIT_PER_MINUTE: '1000000',
    CFLINK_AUTH_FAILURE_LIMIT: '1000',
    ...overrides,
  });
  const app = await createHttpApp(config, ['error']);
  await app.listen(config.port, config.host);
  const baseUrl = `http://127.0.0.1:${config.port}`;
  const bootstrap = app.get(OrganizationBootstrap);
  const client = (apiKey?: string, apiSecret?: string) => {
    const c = createCflinkClient({ baseUrl, apiKey, apiSecret });
    c.use(responseContract);
    return c;
  };
  const newTenant = async (name = 'tenant'): Promise<Tenant> => {
    const secret = newApiKeySecret();
    const seeded = await bootstrap.ensure({
      organizationName: name,
      adminEmail: `${name}-${Date.now()}@example.test`,
      apiKey: newApiKeyId(),
      apiSecret: secret,
    });
    return { ...seeded, secret, client: client(seeded.apiKey, secret) };
  };
  const admin = await bootstrap.ensure(config.bootstrap!);
  return {
    app,
    baseUrl,
    config,
    admin: { ...admin, secret: adminSecret, client: client(adminKey, adminSecret) },
    newTenant,
    client,
    close: () => app.close(),
  };
}

/** Fails with the response's error body when a call did not succeed. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    throw new Error(`expected success, got ${result.response.status}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

/** The error body of a call expected to fail with `status`. */
export function failure(result: { error?: unknown; response: Response }, status: number): Schemas['Failure']['errors'] {
  if (result.response.status !== status) {
    throw new Error(`expected ${status}, got ${result.response.status}: ${JSON.stringify(result.error)}`);
  }
  const body = result.error as Schemas['Failure'];
  if (!Array.isArray(body?.errors) || body.errors.length === 0) {
    throw new Error(`expected a Failure body, got ${JSON.stringify(result.error)}`);
  }
  for (const e of body.errors) {
    if (e.status !== String(status) || !e.title || !e.code || !e.id) {
      throw new Error(`malformed error item ${JSON.stringify(e)}`);
    }
  }
  return body.errors;
}

let counter = 0;
/** A name unique within this test run. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

export async function createEnvironment(client: CflinkClient, name = unique('env')) {
  return ok(await client.POST('/org/v2/environments', { body: { display_name: name } }));
}

export async function createPool(client: CflinkClient, environmentId: string, maxCfu: 5 | 10 | 20 | 30 | 40 | 50 = 10) {
  return ok(
    await client.POST('/fcpm/v2/compute-pools', {
      body: {
        spec: {
          display_name: unique('pool'),
          cloud: 'AWS',
          region: 'us-east-1',
          max_cfu: maxCfu,
          environment: { id: environmentId },
        },
      },
    }),
  );
}

export function statementsPath(orgId: string, envId: string) {
  return { params: { path: { organization_id: orgId, environment_id: envId } } };
}

/** Creates an API key for `owner` with the admin client and returns a client using it. */
export async function keyFor(api: TestApi, admin: CflinkClient, owner: string): Promise<CflinkClient> {
  const created = await admin.POST('/iam/v2/api-keys', { body: { spec: { owner: { id: owner } } } });
  assert.equal(created.response.status, 202);
  const key = ok(created);
  return api.client(key.id, key.spec.secret);
}

export async function bind(admin: CflinkClient, principal: string, role: string, crn: string) {
  const res = await admin.POST('/iam/v2/role-bindings', {
    body: { principal: `User:${principal}`, role_name: role as never, crn_pattern: crn },
  });
  assert.equal(res.response.status, 201, JSON.stringify(res.error));
  return ok(res);
}
