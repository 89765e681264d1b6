import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitStatements } from './statement-splitter';

test('statements end at ; and the unfinished rest is kept', () => {
  assert.deepEqual(splitStatements('SELECT 1; SELECT\n 2 ;\nSELECT 3'), {
    statements: ['SELECT 1', 'SELECT\n 2'],
    rest: 'SELECT 3',
  });
});

test('a ; inside a string, a quoted identifier or a comment does not end a statement', () => {
  const sql = "SELECT 'a;b', `c;d` -- e;f\nFROM t /* g;h */ WHERE x = 'it''s;';";
  assert.deepEqual(splitStatements(sql), { statements: [sql.slice(0, -1)], rest: '' });
});

test('an open quote or comment keeps the whole statement waiting', () => {
  assert.deepEqual(splitStatements("SELECT 'a;"), { statements: [], rest: "SELECT 'a;" });
  assert.deepEqual(splitStatements('SELECT 1 /* ;'), { statements: [], rest: 'SELECT 1 /* ;' });
  assert.deepEqual(splitStatements('SELECT 1 -- ;'), { statements: [], rest: 'SELECT 1 -- ;' });
});

test('empty statements and comment-only ones are dropped', () => {
  assert.deepEqual(splitStatements(';;  -- nothing\n;SELECT 1;'), { statements: ['SELECT 1'], rest: '' });
});
