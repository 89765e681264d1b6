import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxCfuChangeProblem } from './cfu';

describe('max_cfu', () => {
  it('may grow or stay', () => {
    assert.equal(maxCfuChangeProblem(10, 20), null);
    assert.equal(maxCfuChangeProblem(10, 10), null);
  });
  it('may not shrink', () => assert.match(maxCfuChangeProblem(20, 10) ?? '', /only be increased/));
});
