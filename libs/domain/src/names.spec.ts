import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENVIRONMENT_DISPLAY_NAME_PATTERN, POOL_DISPLAY_NAME_PATTERN, statementNameProblem } from './names';

describe('statement names', () => {
  for (const ok of ['a', 'my-statement', 'cli-2026-11-22-101010-4f0c', 'a.b-c.d0', '0', 'x'.repeat(100)]) {
    it(`accepts "${ok.slice(0, 30)}"`, () => assert.equal(statementNameProblem(ok), null));
  }
  for (const bad of ['', 'A', 'a_b', '-a', 'a-', 'a..b', '.a', 'a.', 'a b', 'x'.repeat(101), 'é']) {
    it(`rejects "${bad.slice(0, 30)}"`, () => assert.notEqual(statementNameProblem(bad), null));
  }
  it('names the length limit', () => assert.match(statementNameProblem('x'.repeat(101)) ?? '', /at most 100/));
});

describe('display names', () => {
  it('pool names follow fcpm/v2', () => {
    assert.ok(POOL_DISPLAY_NAME_PATTERN.test('pool-a'));
    assert.ok(POOL_DISPLAY_NAME_PATTERN.test('-pool.a_1'));
    assert.ok(!POOL_DISPLAY_NAME_PATTERN.test('_pool'));
    assert.ok(!POOL_DISPLAY_NAME_PATTERN.test('pool a'));
    assert.ok(!POOL_DISPLAY_NAME_PATTERN.test('p'.repeat(65)));
  });

  it('environment names start and end with a letter or digit', () => {
    assert.ok(ENVIRONMENT_DISPLAY_NAME_PATTERN.test('prod'));
    assert.ok(ENVIRONMENT_DISPLAY_NAME_PATTERN.test('team a_prod-2'));
    assert.ok(!ENVIRONMENT_DISPLAY_NAME_PATTERN.test('-prod'));
    assert.ok(!ENVIRONMENT_DISPLAY_NAME_PATTERN.test('prod_'));
  });
});
