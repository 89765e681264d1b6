import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopbackHost, loadApiConfig } from './api-exposure';
import { ConfigError, LOCAL_BOOTSTRAP_KEY, LOCAL_BOOTSTRAP_SECRET } from './config';

const OWN_SECRET = 'a-long-random-secret-of-our-own';

describe('API exposure of the bootstrap credential', () => {
  it('counts localhost, 127.0.0.0/8 and ::1 (also IPv4-mapped) as loopback', () => {
    for (const host of [
      'localhost',
      'LOCALHOST',
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '[::1]',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
    ]) {
      assert.equal(isLoopbackHost(host), true, host);
    }
  });

  it('counts every other address and any other name as reachable from elsewhere', () => {
    for (const host of [
      '0.0.0.0',
      '::',
      '10.0.0.5',
      '128.0.0.1',
      '::ffff:10.0.0.1',
      'fe80::1',
      'api.example.com',
      'localhost.evil.test',
      '',
    ]) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });

  it('refuses the documented local secret on a non-loopback address, naming the variables', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'cflink.internal']) {
      assert.throws(
        () => loadApiConfig({ CFLINK_HOST: host }),
        (e: unknown) =>
          e instanceof ConfigError && /CFLINK_BOOTSTRAP_API_SECRET/.test(e.message) && e.message.includes(host),
      );
      assert.throws(
        () => loadApiConfig({ CFLINK_HOST: host, CFLINK_BOOTSTRAP_API_SECRET: LOCAL_BOOTSTRAP_SECRET }),
        ConfigError,
      );
    }
  });

  it('serves the local secret on loopback (the documented local default)', () => {
    const config = loadApiConfig({});
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.bootstrap?.apiSecret, LOCAL_BOOTSTRAP_SECRET);
    assert.equal(loadApiConfig({ CFLINK_HOST: '::1' }).bootstrap?.apiKey, LOCAL_BOOTSTRAP_KEY);
  });

  it('starts on any address with a secret of its own, or without seeding an admin', () => {
    const own = loadApiConfig({ CFLINK_HOST: '0.0.0.0', CFLINK_BOOTSTRAP_API_SECRET: OWN_SECRET });
    assert.equal(own.bootstrap?.apiSecret, OWN_SECRET);
    // The documented key id with a secret of one's own is fine: the secret is the credential.
    assert.equal(own.bootstrap?.apiKey, LOCAL_BOOTSTRAP_KEY);
    assert.equal(loadApiConfig({ CFLINK_HOST: '0.0.0.0', CFLINK_BOOTSTRAP_API_KEY: '' }).bootstrap, null);
  });
});
