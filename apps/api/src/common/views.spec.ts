import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ts } from './views';

describe('ts', () => {
  it('writes what toISOString writes', () => {
    const instants = [
      0,
      1,
      999,
      Date.UTC(2026, 10, 28, 8, 43, 58, 106),
      Date.UTC(1999, 11, 31, 23, 59, 59, 999),
      Date.UTC(2000, 1, 29, 0, 0, 0, 5),
      Date.UTC(1000, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      -1,
    ];
    // And a spread of instants over a few centuries, every field's width exercised.
    for (let t = -2e12; t < 5e12; t += 7_919_993_311) instants.push(t);
    for (const t of instants) assert.equal(ts(new Date(t)), new Date(t).toISOString(), String(t));
  });
});
