import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storable } from './result-writer';

describe('storable', () => {
  it('replaces NUL, which jsonb cannot hold, anywhere in a row', () => {
    assert.deepEqual(storable(['a\u0000b', { x: ['\u0000'] }]), ['a\ufffdb', { x: ['\ufffd'] }]);
  });

  it('leaves rows without NUL, and the text of an escaped backslash, as they are', () => {
    const row = ['plain', 'lit \\u0000 text', 1];
    assert.equal(storable(row), row);
    assert.deepEqual(storable(['\\\u0000']), ['\\\ufffd']);
  });
});
