import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChangelogTable, valueText } from './changelog';

test('inserts append, deletes retract the matching row', () => {
  const t = new ChangelogTable();
  t.apply({ row: ['a', '1'] });
  t.apply({ op: 0, row: ['b', '2'] });
  t.apply({ op: 3, row: ['a', '1'] });
  assert.deepEqual(t.rows, [['b', '2']]);
  assert.equal(t.changes, 3);
});

test('an update (-U, +U) keeps the row in its place', () => {
  const t = new ChangelogTable();
  t.apply({ op: 0, row: ['a', '1'] });
  t.apply({ op: 0, row: ['b', '1'] });
  t.apply({ op: 0, row: ['c', '1'] });
  t.apply({ op: 1, row: ['b', '1'] });
  t.apply({ op: 2, row: ['b', '2'] });
  assert.deepEqual(t.rows, [
    ['a', '1'],
    ['b', '2'],
    ['c', '1'],
  ]);
});

test('a retraction of a row never seen changes nothing; a lone +U appends', () => {
  const t = new ChangelogTable();
  t.apply({ op: 0, row: ['a'] });
  t.apply({ op: 1, row: ['zz'] });
  t.apply({ op: 2, row: ['b'] });
  assert.deepEqual(t.rows, [['a'], ['b']]);
});

test('values: NULL, strings as they are, nested values as JSON', () => {
  assert.equal(valueText(null), 'NULL');
  assert.equal(valueText('x'), 'x');
  assert.equal(valueText(['k', ['v', null]]), '["k",["v",null]]');
});
