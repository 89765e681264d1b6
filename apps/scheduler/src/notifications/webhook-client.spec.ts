import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { guardedLookup, postWebhook } from './webhook-client';

const strict = { allowHttp: false, allowPrivateNetworks: false };
const open = { allowHttp: true, allowPrivateNetworks: true };

function lookup(policy: typeof strict, host: string, all: boolean) {
  return new Promise<{ err: Error | null; address: unknown }>((resolve) =>
    guardedLookup(policy)(host, { all }, (err, address) => resolve({ err, address })),
  );
}

describe('webhook client', () => {
  let base: string;
  const server = createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    res.statusCode = req.url === '/teapot' ? 418 : 204;
    res.end();
  });

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('refuses a name that resolves to a non-public address, after resolving it', async () => {
    const refused = await lookup(strict, 'localhost', false);
    assert.match(refused.err?.message ?? '', /refused: localhost resolves to .*loopback/);
    const allowed = await lookup(open, 'localhost', true);
    assert.equal(allowed.err, null);
    assert.ok(Array.isArray(allowed.address) && allowed.address.length > 0);
  });

  it('posts and reports the status, refuses disallowed URLs, times out', async () => {
    assert.equal(await postWebhook(`${base}/ok`, '{}', {}, open, 2000), 204);
    assert.equal(await postWebhook(`${base}/teapot`, '{}', {}, open, 2000), 418);
    await assert.rejects(postWebhook(`${base}/ok`, '{}', {}, strict, 2000), /refused: the URL must use https/);
    await assert.rejects(postWebhook(`${base}/hang`, '{}', {}, open, 200), /no answer within 200 ms/);
  });
});
