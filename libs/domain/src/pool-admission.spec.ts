import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admit } from './pool-admission';

const q = (...uids: string[]) => uids.map((uid) => ({ uid }));

describe('PoolAdmission.admit', () => {
  it('admits in FIFO order at 1 CFU each until the budget is spent', () => {
    const r = admit({ maxCfu: 5, usedCfu: 3 }, q('a', 'b', 'c', 'd'));
    assert.deepEqual(r.admitted, [
      { uid: 'a', cfu: 1 },
      { uid: 'b', cfu: 1 },
    ]);
    assert.deepEqual(r.waiting, ['c', 'd']);
  });

  it('keeps everything waiting in an exhausted pool', () => {
    assert.deepEqual(admit({ maxCfu: 5, usedCfu: 5 }, q('a')), { admitted: [], waiting: ['a'] });
    assert.deepEqual(admit({ maxCfu: 5, usedCfu: 7 }, q('a')).waiting, ['a']);
  });

  it('honours a baseline, capped by the free budget and by the engine bound', () => {
    const r = admit({ maxCfu: 10, usedCfu: 0 }, [
      { uid: 'a', baselineCfu: 4 },
      { uid: 'b', baselineCfu: 8 },
      { uid: 'c', baselineCfu: 3, maxParallelism: 2 },
    ]);
    assert.deepEqual(r.admitted, [
      { uid: 'a', cfu: 4 },
      { uid: 'b', cfu: 6 },
    ]);
    assert.deepEqual(r.waiting, ['c']);
    assert.deepEqual(admit({ maxCfu: 10, usedCfu: 0 }, [{ uid: 'c', baselineCfu: 3, maxParallelism: 2 }]).admitted, [
      { uid: 'c', cfu: 2 },
    ]);
  });

  it('never exceeds max_cfu, whatever the queue', () => {
    for (let used = 0; used <= 12; used++) {
      const queue = Array.from({ length: 20 }, (_, i) => ({ uid: `s${i}`, baselineCfu: (i * 7) % 5 }));
      const r = admit({ maxCfu: 10, usedCfu: used }, queue);
      const total = used + r.admitted.reduce((n, a) => n + a.cfu, 0);
      assert.ok(total <= Math.max(10, used), `used ${used} → total ${total}`);
      assert.equal(r.admitted.length + r.waiting.length, 20);
      for (const a of r.admitted) assert.ok(a.cfu >= 1);
    }
  });
});
