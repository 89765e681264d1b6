import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePageToken, encodePageToken, PageTokenError } from './page-token';

describe('page tokens', () => {
  it('round-trip the cursor for the same query', () => {
    const token = encodePageToken({ after: 12345678901234n }, 'statements:env-a:{}');
    assert.deepEqual(decodePageToken(token, 'statements:env-a:{}'), { after: 12345678901234n });
    assert.ok(token.length <= 255);
  });

  it('are refused for another query', () => {
    const token = encodePageToken({ after: 5n }, 'statements:env-a:{}');
    assert.throws(() => decodePageToken(token, 'statements:env-b:{}'), /different list query/);
  });

  it('are refused when forged or garbled', () => {
    for (const bad of [
      '',
      'abc',
      Buffer.from('x.y').toString('base64url'),
      Buffer.from('-1.abcdefghij').toString('base64url'),
    ]) {
      assert.throws(() => decodePageToken(bad, 's'), PageTokenError);
    }
  });
});
