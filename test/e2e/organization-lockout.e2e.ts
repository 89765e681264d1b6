/** No shipped admin credential beyond loopback. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { ConfigError, loadConfig, LOCAL_BOOTSTRAP_KEY, LOCAL_BOOTSTRAP_SECRET } from '#config';
import { newApiKeyId, newApiKeySecret } from '#domain';
import { createHttpApp } from '#api/http-app';
import { unique } from './harness';

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
