import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admits, decide, secondsUntilReset, windowRules } from './rate-window';

const second = { limit: 5, seconds: 1 };
const minute = { limit: 100, seconds: 60 };

describe('rate windows', () => {
  it('drop the windows whose limit is 0', () => {
    assert.deepEqual(windowRules(50, 1000), [
      { limit: 50, seconds: 1 },
      { limit: 1000, seconds: 60 },
    ]);
    assert.deepEqual(windowRules(0, 1000), [{ limit: 1000, seconds: 60 }]);
    assert.deepEqual(windowRules(0, 0), []);
  });

  it('reset in whole seconds, at least 1, the full window when not opened yet', () => {
    assert.equal(secondsUntilReset(minute, { count: 0, ttlMs: -2 }), 60);
    assert.equal(secondsUntilReset(minute, { count: 3, ttlMs: 59_001 }), 60);
    assert.equal(secondsUntilReset(minute, { count: 3, ttlMs: 59_000 }), 59);
    assert.equal(secondsUntilReset(second, { count: 3, ttlMs: 0 }), 1);
    assert.equal(secondsUntilReset(second, { count: 3, ttlMs: 120 }), 1);
  });

  it('admit a first request and report the window with the least room', () => {
    const d = decide(
      [second, minute],
      [
        { count: 0, ttlMs: -2 },
        { count: 0, ttlMs: -2 },
      ],
    );
    assert.deepEqual(d, { admitted: true, limit: 5, remaining: 4, resetSeconds: 1 });
  });

  it('report the minute window once it has less room than the second', () => {
    const d = decide(
      [second, minute],
      [
        { count: 1, ttlMs: 400 },
        { count: 98, ttlMs: 30_000 },
      ],
    );
    assert.deepEqual(d, { admitted: true, limit: 100, remaining: 1, resetSeconds: 30 });
  });

  it('admit the last request of a window with 0 remaining', () => {
    const d = decide([second], [{ count: 4, ttlMs: 500 }]);
    assert.equal(d.admitted, true);
    assert.equal(d.remaining, 0);
  });

  it('refuse when any window is full, retrying when the last full one closes', () => {
    const d = decide(
      [second, minute],
      [
        { count: 5, ttlMs: 300 },
        { count: 50, ttlMs: 40_000 },
      ],
    );
    assert.deepEqual(d, {
      admitted: false,
      limit: 5,
      remaining: 0,
      resetSeconds: 1,
      retryAfterSeconds: 1,
      exceeded: second,
    });
    const both = decide(
      [second, minute],
      [
        { count: 5, ttlMs: 300 },
        { count: 100, ttlMs: 40_000 },
      ],
    );
    assert.equal(both.retryAfterSeconds, 40);
    assert.deepEqual(both.exceeded, minute);
    assert.equal(both.resetSeconds, 40, 'on a tie at 0 remaining, the window that binds longer is shown');
  });

  it('admits agrees with decide', () => {
    assert.equal(admits([second], [{ count: 4, ttlMs: 1 }]), true);
    assert.equal(admits([second], [{ count: 5, ttlMs: 1 }]), false);
  });

  it('refuse to decide without a state per rule', () => {
    assert.throws(() => decide([], []));
    assert.throws(() => decide([second], []));
  });
});
