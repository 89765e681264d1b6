import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decideScaling,
  DEFAULT_AUTOPILOT_SETTINGS,
  fairShareCfu,
  type AutopilotLimits,
  type AutopilotSample,
  type AutopilotSettings,
} from './autopilot';

const S: AutopilotSettings = { ...DEFAULT_AUTOPILOT_SETTINGS, windowMs: 60_000, cooldownMs: 120_000 };
const FREE: AutopilotLimits = {
  poolFreeCfu: 8,
  poolMaxCfu: 10,
  runningStatements: 1,
  waitingStatements: 0,
  sourcePartitions: 8,
  maxStatementCfu: null,
};

/**
 * Replays a statement under an arrival rate (records/s per second of the run) on a machine
 * where one CFU processes `perCfu` records/s, sampling every 10 s and running the policy on each
 * sample; a decided rescale takes effect 20 s later. Returns the CFUs over time and the states.
 */
function replay(
  arrival: (t: number) => number,
  seconds: number,
  opts: { perCfu?: number; limits?: AutopilotLimits; startCfu?: number } = {},
) {
  const perCfu = opts.perCfu ?? 100;
  let cfu = opts.startCfu ?? 1;
  let pending = 0;
  let read = 0;
  let lastDecisionAt: number | null = null;
  let applyAt: { at: number; cfu: number } | null = null;
  const samples: AutopilotSample[] = [];
  const cfus: number[] = [];
  const states: string[] = [];
  for (let t = 0; t <= seconds; t++) {
    const now = t * 1000;
    if (applyAt && now >= applyAt.at) {
      cfu = applyAt.cfu;
      applyAt = null;
    }
    pending += arrival(t);
    const done = Math.min(pending, cfu * perCfu);
    pending -= done;
    read += done;
    if (t % 10 !== 0) continue;
    const busy = Math.min(1, done / (cfu * perCfu));
    samples.push({
      at: now,
      pendingRecords: pending,
      recordsIn: read,
      recordsOut: read,
      busyRatio: busy,
      backPressuredRatio: 0,
      cfu,
    });
    if (applyAt) continue;
    const d = decideScaling(samples, cfu, opts.limits ?? FREE, { lastDecisionAt }, now, S);
    states.push(d.state);
    if (d.targetCfu !== cfu) {
      lastDecisionAt = now;
      applyAt = { at: now + 20_000, cfu: d.targetCfu };
    }
    cfus.push(cfu);
  }
  return { cfus, states, pending, changes: cfus.filter((c, i) => i > 0 && c !== cfus[i - 1]).length };
}

describe('Autopilot.decideScaling', () => {
  it('ramp: follows a rising input up to the parallelism it needs, never beyond the partitions', () => {
    const r = replay((t) => Math.min(700, 50 + t * 2), 900);
    assert.equal(r.cfus[0], 1);
    const top = Math.max(...r.cfus);
    // 700 records/s need 7 of the 8 partitions' worth of CFUs at 100 records/s each.
    assert.ok(top >= 7 && top <= 8, `reached ${top}`);
    assert.ok(r.pending < 2000, `backlog ${r.pending} left`);
  });

  it('burst: a short burst that drains by itself causes no rescale', () => {
    const r = replay((t) => (t >= 100 && t < 105 ? 400 : 50), 600);
    assert.equal(r.changes, 0);
    assert.ok(r.states.every((s) => s === 'OK'));
  });

  it('idle: a statement left with no input scales down to 1 CFU, in steps after each cool-down', () => {
    const r = replay(() => 0, 900, { startCfu: 4 });
    assert.equal(r.cfus.at(-1), 1);
    assert.ok(r.states.includes('PENDING_SCALE_DOWN'));
  });

  it('sustained load: scales up once and stays (hysteresis: no scale-down at moderate load)', () => {
    const r = replay(() => 250, 1800);
    const final = r.cfus.at(-1)!;
    assert.ok(final >= 3, `holds ${final}`);
    assert.ok(r.changes <= 2, `${r.changes} changes`);
    // After the first 10 minutes the size stays put.
    assert.equal(new Set(r.cfus.slice(60)).size, 1);
  });

  it('flapping input: alternating floods and silence never rescale back and forth', () => {
    // 20 s of flood, 20 s of nothing: the backlog comes and goes within the window.
    const r = replay((t) => (Math.floor(t / 20) % 2 === 0 ? 180 : 0), 1800, { startCfu: 2 });
    assert.equal(r.changes, 0, `changed ${r.changes} times: ${r.cfus.join(',')}`);
  });

  it('never rescales again within the cool-down', () => {
    const lagging = [0, 20, 40, 60].map((s) => ({
      at: 1_000_000 + s * 1000,
      pendingRecords: 50_000 + s * 100,
      recordsIn: s * 100,
      recordsOut: s * 100,
      busyRatio: 1,
      backPressuredRatio: 0,
      cfu: 2,
    }));
    const now = 1_060_000;
    assert.equal(decideScaling(lagging, 2, FREE, { lastDecisionAt: now - 60_000 }, now, S).targetCfu, 2);
    const after = decideScaling(lagging, 2, FREE, { lastDecisionAt: now - 200_000 }, now, S);
    assert.equal(after.state, 'PENDING_SCALE_UP');
    assert.ok(after.targetCfu > 2);
  });

  it('contended pool: reports POOL_EXHAUSTED when the pool binds, OK when the partitions do', () => {
    const full = { ...FREE, poolFreeCfu: 0 };
    const r = replay(() => 500, 300, { limits: full });
    assert.equal(r.changes, 0);
    assert.ok(r.states.includes('POOL_EXHAUSTED'));
    const onePartition = replay(() => 500, 300, { limits: { ...FREE, sourcePartitions: 1 } });
    assert.equal(onePartition.changes, 0);
    assert.ok(onePartition.states.every((s) => s === 'OK'));
  });

  it('contended pool: a waiting statement takes precedence over a running one (fair share)', () => {
    const contended = { ...FREE, poolMaxCfu: 4, poolFreeCfu: 0, runningStatements: 1, waitingStatements: 1 };
    assert.equal(fairShareCfu(contended), 2);
    // Even while it lags, a statement above its share gives CFUs back, and one at its share does not grow.
    const r = replay(() => 1000, 200, { startCfu: 4, limits: contended });
    assert.equal(r.cfus.at(-1), 2);
    assert.ok(r.states.includes('PENDING_SCALE_DOWN'));
    assert.ok(r.states.slice(-3).every((s) => s === 'POOL_EXHAUSTED' || s === 'OK'));
  });

  it('per-statement cap bounds a scale-up', () => {
    const r = replay(() => 2000, 600, { limits: { ...FREE, maxStatementCfu: 3 } });
    assert.equal(Math.max(...r.cfus), 3);
  });

  it('decides nothing on too few samples', () => {
    const one = [
      { at: 0, pendingRecords: 1e6, recordsIn: 0, recordsOut: 0, busyRatio: 1, backPressuredRatio: 0, cfu: 1 },
    ];
    assert.deepEqual(decideScaling(one, 1, FREE, { lastDecisionAt: null }, 1000, S).targetCfu, 1);
  });
});
