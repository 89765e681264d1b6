import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CFU_VALUES, maxCfuChangeProblem } from './cfu';

describe('max_cfu', () => {
  it('offers the Confluent values', () => assert.deepEqual([...MAX_CFU_VALUES], [5, 10, 20, 30, 40, 50]));
  it('may grow or stay', () => {
    assert.equal(maxCfuChangeProblem(10, 20), null);
    assert.equal(maxCfuChangeProblem(10, 10), null);
  });
  it('may not shrink', () => assert.match(maxCfuChangeProblem(20, 10) ?? '', /only be increased/));
});
