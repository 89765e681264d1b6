import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeKeys } from './keys';
import { bodyHeight, renderFrame } from './results-view';

test('a frame shows the title with the visible rows, the table and the help, one line each', () => {
  const rows = Array.from({ length: 10 }, (_, i) => [`id-${i}`, i % 2 ? null : String(i)]);
  const lines = renderFrame({
    title: 'q1 · RUNNING',
    columns: ['id', 'price'],
    rows,
    offset: 3,
    width: 40,
    height: 6,
    help: 'q quits',
  });
  assert.equal(bodyHeight(6), 3);
  assert.deepEqual(lines, [
    'q1 · RUNNING · rows 4–6 of 10',
    'ID    PRICE',
    'id-3  NULL',
    'id-4  4',
    'id-5  NULL',
    'q quits',
  ]);
});

test('a frame with fewer rows than the screen pads to the same height, and says when none came yet', () => {
  const lines = renderFrame({ title: 't', columns: ['a'], rows: [], offset: 0, width: 20, height: 6, help: 'h' });
  assert.deepEqual(lines, ['t · no rows yet', 'A', '', '', '', 'h']);
});

test('long lines are cut to the width', () => {
  const lines = renderFrame({
    title: 'x'.repeat(50),
    columns: ['a'],
    rows: [['b'.repeat(50)]],
    offset: 0,
    width: 12,
    height: 4,
    help: 'h'.repeat(30),
  });
  for (const line of lines) assert.ok([...line].length <= 12, line);
});

test('raw input decodes into keys, escape sequences whole', () => {
  assert.deepEqual(decodeKeys('\u001b[A\u001b[6~q\u0003x\u001b[H'), ['up', 'pageDown', 'quit', 'interrupt', 'home']);
  assert.deepEqual(decodeKeys('jkgG '), ['down', 'up', 'home', 'end', 'pageDown']);
});
