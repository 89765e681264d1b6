import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellText, columnWidths, formatRecord, formatTable, Printer } from './output';

test('a table that fits keeps every value whole', () => {
  const t = formatTable(
    ['Id', 'Name'],
    [
      ['env-1', 'dev'],
      ['env-22', 'production'],
    ],
  );
  assert.equal(t, 'ID      NAME\nenv-1   dev\nenv-22  production');
});

test('a table wider than the terminal shrinks its widest column and marks the cut', () => {
  const sql = 'INSERT INTO big_orders SELECT order_id, customer_id, price FROM orders WHERE price > 50';
  const t = formatTable(['Name', 'Statement', 'Status'], [['copy', sql, 'RUNNING']], 40);
  for (const line of t.split('\n')) assert.ok([...line].length <= 40, line);
  assert.match(t, /copy {2}INSERT INTO big.*… {2}RUNNING/);
});

test('columns never shrink below their heading', () => {
  assert.deepEqual(columnWidths([10, 10], [8, 8], 5), [8, 8]);
  assert.deepEqual(columnWidths([10, 4], [6, 4], 14), [8, 4]);
});

test('cells are one line; null is empty, objects are JSON', () => {
  assert.equal(cellText(null), '');
  assert.equal(cellText('a\n  b'), 'a b');
  assert.equal(cellText({ a: 1 }), '{"a":1}');
  assert.equal(cellText(false), 'false');
});

test('a record wraps long values under themselves', () => {
  const r = formatRecord(
    [
      ['Name', 'x'],
      ['Statement', 'a'.repeat(30)],
    ],
    32,
  );
  assert.equal(r, `Name       x\nStatement  ${'a'.repeat(21)}\n           ${'a'.repeat(9)}`);
});

test('json output keeps the fields in order with raw values, whatever else the row holds', () => {
  let text = '';
  const p = new Printer('json', { write: (s: string) => (text += s) });
  p.list(
    [
      { key: 'id', title: 'ID' },
      { key: 'max_cfu', title: 'Max CFU' },
      { key: 'missing', title: 'Missing' },
    ],
    [{ max_cfu: 10, id: 'lfcp-1', extra: 'x' }],
  );
  assert.equal(text, '[\n  {\n    "id": "lfcp-1",\n    "max_cfu": 10,\n    "missing": null\n  }\n]\n');
});

test('yaml output of an item', () => {
  let text = '';
  new Printer('yaml', { write: (s: string) => (text += s) }).item([{ key: 'id', title: 'ID' }], { id: 'env-1' });
  assert.equal(text, 'id: env-1\n');
});
