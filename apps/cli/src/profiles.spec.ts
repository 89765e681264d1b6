import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXIT } from './errors';
import { configPath, parseConfig, resolveConnection, type ConfigFile } from './profiles';

const config: ConfigFile = {
  current_context: 'local',
  contexts: {
    local: {
      url: 'http://127.0.0.1:8080/',
      api_key: 'K1',
      api_secret: 'S1',
      environment: 'env-a',
      compute_pool: 'lfcp-a',
    },
    prod: { url: 'https://prod', api_key: 'K2', api_secret: 'S2' },
  },
};

test('the current context is used, its URL without a trailing slash', () => {
  assert.deepEqual(resolveConnection(config, {}), {
    context: 'local',
    url: 'http://127.0.0.1:8080',
    apiKey: 'K1',
    apiSecret: 'S1',
    environment: 'env-a',
    computePool: 'lfcp-a',
  });
});

test('--context beats CFLINK_CONTEXT, which beats the current context', () => {
  assert.equal(resolveConnection(config, { CFLINK_CONTEXT: 'prod' }).apiKey, 'K2');
  assert.equal(resolveConnection(config, { CFLINK_CONTEXT: 'prod' }, 'local').apiKey, 'K1');
});

test('environment variables override the context field by field', () => {
  const c = resolveConnection(config, { CFLINK_API_SECRET: 'S9', CFLINK_ENVIRONMENT: 'env-b' });
  assert.equal(c.apiKey, 'K1');
  assert.equal(c.apiSecret, 'S9');
  assert.equal(c.environment, 'env-b');
  assert.equal(c.computePool, 'lfcp-a');
});

test('environment variables alone are enough', () => {
  const c = resolveConnection(
    { contexts: {} },
    { CFLINK_API_URL: 'http://x', CFLINK_API_KEY: 'K', CFLINK_API_SECRET: 'S' },
  );
  assert.equal(c.context, undefined);
  assert.equal(c.url, 'http://x');
});

test('a missing context or missing credentials are usage errors that say what to do', () => {
  assert.throws(
    () => resolveConnection(config, {}, 'nope'),
    (e: Error & { exitCode: number }) => e.exitCode === EXIT.USAGE && /known: local, prod/.test(e.message),
  );
  assert.throws(
    () => resolveConnection({ contexts: {} }, { CFLINK_API_URL: 'http://x' }),
    /Not logged in: run `cflink login`, or set CFLINK_API_KEY, CFLINK_API_SECRET/,
  );
});

test('the config file lives under XDG_CONFIG_HOME, else ~/.config, unless CFLINK_CONFIG names it', () => {
  assert.equal(configPath({}, '/home/u'), '/home/u/.config/cflink/config.json');
  assert.equal(configPath({ XDG_CONFIG_HOME: '/x' }, '/home/u'), '/x/cflink/config.json');
  assert.equal(configPath({ CFLINK_CONFIG: '/c.json', XDG_CONFIG_HOME: '/x' }, '/home/u'), '/c.json');
});

test('a malformed config file is refused with its path', () => {
  assert.throws(() => parseConfig('{', '/c.json'), /\/c.json is not valid JSON/);
  assert.throws(() => parseConfig('{"contexts":{"a":{"url":"u"}}}', '/c.json'), /context "a" lacks "api_key"/);
  assert.deepEqual(parseConfig('{"contexts":{}}', '/c.json'), { current_context: undefined, contexts: {} });
});
