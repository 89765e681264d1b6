import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabelSelectorError, parseLabelSelector } from './label-selector';

describe('label selectors', () => {
  it('parse equality and presence terms', () => {
    assert.deepEqual(parseLabelSelector('team=data, user.confluent.io/hidden=true,tier'), [
      { key: 'team', value: 'data' },
      { key: 'user.confluent.io/hidden', value: 'true' },
      { key: 'tier' },
    ]);
  });

  it('accept == as equality and empty values', () => {
    assert.deepEqual(parseLabelSelector('a==b,c='), [
      { key: 'a', value: 'b' },
      { key: 'c', value: '' },
    ]);
  });

  it('reject unsupported operators and empty keys', () => {
    for (const bad of ['a!=b', '=b', '', 'a,,b', 'a in (b)']) {
      assert.throws(() => parseLabelSelector(bad), LabelSelectorError, bad);
    }
  });
});
