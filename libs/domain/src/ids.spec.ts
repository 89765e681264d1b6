import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isId, newApiKeyId, newApiKeySecret, newId, principalKind } from './ids';

describe('ids', () => {
  it('use the Confluent prefixes', () => {
    assert.match(newId('environment'), /^env-[a-z0-9]{7}$/);
    assert.match(newId('computePool'), /^lfcp-[a-z0-9]{7}$/);
    assert.match(newId('user'), /^u-[a-z0-9]{7}$/);
    assert.match(newId('serviceAccount'), /^sa-[a-z0-9]{7}$/);
  });

  it('are distinct across many draws', () => {
    // 36^7 values: 10,000 draws collide once in ~1,600 runs (birthday bound), 1,000 in ~160,000.
    const ids = new Set(Array.from({ length: 1_000 }, () => newId('environment')));
    assert.equal(ids.size, 1_000);
  });

  it('API keys are 16 upper-case alphanumerics and secrets are long', () => {
    assert.match(newApiKeyId(), /^[A-Z0-9]{16}$/);
    assert.equal(newApiKeySecret().length, 64);
  });

  it('recognize principals', () => {
    assert.equal(principalKind('u-abc'), 'user');
    assert.equal(principalKind('sa-abc'), 'serviceAccount');
    assert.equal(principalKind('pool-abc'), null);
    assert.equal(principalKind('u-'), null);
    assert.ok(isId('environment', 'env-abc123'));
    assert.ok(!isId('environment', 'lfcp-abc123'));
  });
});
