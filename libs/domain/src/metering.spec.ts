import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  costMicros,
  dayOf,
  dayRange,
  formatMicros,
  hourOf,
  mergeSample,
  minimumChargeMinute,
  minuteOf,
  minutesToFill,
  monthOf,
  parsePrice,
  rollUp,
  type MinuteBucket,
} from './metering';

const t = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe('minute buckets in UTC', () => {
  it('floor to the minute, hour and day in UTC whatever the offset of the input', () => {
    assert.equal(iso(minuteOf(t('2026-03-01T00:59:59.999+01:00'))), '2026-02-28T23:59:00.000Z');
    assert.equal(iso(hourOf(t('2026-03-01T00:59:59.999+01:00'))), '2026-02-28T23:00:00.000Z');
    assert.equal(dayOf(t('2026-03-01T00:30:00+01:00')), '2026-02-28');
    assert.equal(dayOf(t('2026-03-01T00:00:00Z')), '2026-03-01');
  });
});

describe('samples into a bucket', () => {
  it('keeps the most CFUs seen in the minute, and replays change nothing', () => {
    let b: MinuteBucket | null = null;
    for (const cfu of [2, 4, 3]) b = mergeSample(b, cfu);
    assert.deepEqual(b, { cfu: 4, filled: false });
    const replayed = [2, 4, 3, 4, 2].reduce<MinuteBucket | null>((acc, c) => mergeSample(acc, c), b);
    assert.deepEqual(replayed, b);
  });
  it('an observed sample replaces a filled-in value, even a smaller one', () => {
    assert.deepEqual(mergeSample({ cfu: 5, filled: true }, 2), { cfu: 2, filled: false });
  });
  it('a sample of 0 CFUs adds nothing', () => {
    assert.equal(mergeSample(null, 0), null);
    assert.deepEqual(mergeSample({ cfu: 3, filled: false }, 0), { cfu: 3, filled: false });
  });
});

describe('gap filling', () => {
  const base = { maxMinutes: 10_000, endedAt: null };
  it('first sight of a running statement fills nothing and starts the cursor at the current minute', () => {
    const f = minutesToFill({
      ...base,
      cursor: null,
      lastMinute: t('2026-01-01T00:00:00Z'),
      now: t('2026-01-01T05:00:30Z'),
    });
    assert.deepEqual(f.minutes, []);
    assert.equal(iso(f.cursor), '2026-01-01T05:00:00.000Z');
  });
  it('a running statement that sent no sample is filled up to, not including, the current minute', () => {
    const f = minutesToFill({
      ...base,
      cursor: t('2026-01-01T10:00:00Z'),
      lastMinute: t('2026-01-01T10:01:00Z'),
      now: t('2026-01-01T10:05:10Z'),
    });
    assert.deepEqual(f.minutes.map(iso), [
      '2026-01-01T10:02:00.000Z',
      '2026-01-01T10:03:00.000Z',
      '2026-01-01T10:04:00.000Z',
    ]);
    assert.equal(iso(f.cursor), '2026-01-01T10:05:00.000Z');
  });
  it('a second pass in the same minute, or after samples caught up, fills nothing (idempotent)', () => {
    const first = minutesToFill({
      ...base,
      cursor: t('2026-01-01T10:00:00Z'),
      lastMinute: null,
      now: t('2026-01-01T10:03:00Z'),
    });
    const again = minutesToFill({
      ...base,
      cursor: first.cursor,
      lastMinute: first.minutes.at(-1)!,
      now: t('2026-01-01T10:03:59Z'),
    });
    assert.equal(first.minutes.length, 3);
    assert.deepEqual(again.minutes, []);
  });
  it('an ended run is filled through its end minute, and never past the current one', () => {
    const f = minutesToFill({
      ...base,
      cursor: t('2026-01-01T10:00:00Z'),
      lastMinute: t('2026-01-01T10:00:00Z'),
      now: t('2026-01-01T11:00:00Z'),
      endedAt: t('2026-01-01T10:02:30Z'),
    });
    assert.deepEqual(f.minutes.map(iso), ['2026-01-01T10:01:00.000Z', '2026-01-01T10:02:00.000Z']);
  });
  it('a long outage is filled in bounded passes that continue where the last stopped', () => {
    const input = {
      cursor: t('2026-01-01T00:00:00Z'),
      lastMinute: null,
      now: t('2026-01-02T00:00:00Z'),
      endedAt: null,
    };
    const one = minutesToFill({ ...input, maxMinutes: 1000 });
    const two = minutesToFill({ ...input, cursor: one.cursor, lastMinute: one.minutes.at(-1)!, maxMinutes: 1000 });
    assert.equal(one.minutes.length, 1000);
    assert.equal(two.minutes.length, 440);
    assert.equal(iso(two.minutes[0]), '2026-01-01T16:40:00.000Z');
  });
  it('fills across a month boundary in UTC', () => {
    const f = minutesToFill({
      ...base,
      cursor: t('2026-01-31T23:58:00Z'),
      lastMinute: null,
      now: t('2026-02-01T00:01:00Z'),
    });
    assert.deepEqual(
      [
        ...rollUp(
          f.minutes,
          (m) => monthOf(m).start,
          () => 1,
        ),
      ],
      [
        ['2026-01-01', 2],
        ['2026-02-01', 1],
      ],
    );
  });
});

describe('minimum charge', () => {
  it('one CFU-minute at its start for a job that ran and left no minute in the ledger', () => {
    const at = t('2026-01-01T10:00:42Z');
    assert.equal(
      iso(minimumChargeMinute({ startedAt: at, hasJob: true, ledgerMinutes: 0 })!),
      '2026-01-01T10:00:00.000Z',
    );
    assert.equal(minimumChargeMinute({ startedAt: at, hasJob: true, ledgerMinutes: 1 }), null);
    assert.equal(minimumChargeMinute({ startedAt: at, hasJob: false, ledgerMinutes: 0 }), null);
    assert.equal(minimumChargeMinute({ startedAt: null, hasJob: true, ledgerMinutes: 0 }), null);
  });
});

describe('day ranges and months', () => {
  it('end exclusive, UTC days, leap years', () => {
    assert.deepEqual(dayRange('2028-02-28', '2028-03-01', 31), ['2028-02-28', '2028-02-29']);
    assert.deepEqual(monthOf(t('2026-12-31T23:59:59Z')), { start: '2026-12-01', end: '2027-01-01' });
    assert.deepEqual(monthOf(t('2027-02-10T00:00:00Z')), { start: '2027-02-01', end: '2027-03-01' });
  });
  it('refuses empty, reversed, too long or impossible ranges', () => {
    assert.throws(() => dayRange('2026-01-02', '2026-01-02', 31), /after start_date/);
    assert.throws(() => dayRange('2026-01-03', '2026-01-02', 31), /after start_date/);
    assert.throws(() => dayRange('2026-01-01', '2026-03-01', 31), /at most 31 days/);
    assert.throws(() => dayRange('2026-02-30', '2026-03-02', 31), /not a date/);
    assert.throws(() => dayRange('2026-1-1', '2026-03-02', 31), /not a date/);
  });
});

describe('money', () => {
  it('prices are exact decimals', () => {
    assert.equal(parsePrice('0.21'), 210_000n);
    assert.equal(parsePrice('3'), 3_000_000n);
    assert.equal(formatMicros(parsePrice('0.000001')), '0.000001');
    assert.throws(() => parsePrice('0.1234567'), /not a price/);
    assert.throws(() => parsePrice('-1'), /not a price/);
    assert.throws(() => parsePrice('1e3'), /not a price/);
  });
  it('a line costs CFU-minutes × price / 60, rounded half up to the micro-unit', () => {
    assert.equal(costMicros(60n, 210_000n), 210_000n);
    assert.equal(costMicros(1n, 210_000n), 3_500n);
    assert.equal(costMicros(1n, 100_000n), 1_667n); // 1666.67
    assert.equal(costMicros(1n, 30n), 1n); // 0.5 rounds up
    assert.equal(costMicros(1n, 29n), 0n);
  });
  it('totals are sums of integers: 1,440 one-minute lines make a day at the hourly price × 24', () => {
    const price = parsePrice('0.21');
    const lines = Array.from({ length: 1440 }, () => 1n);
    const minutes = lines.reduce((a, b) => a + b, 0n);
    assert.equal(formatMicros(costMicros(minutes, price)), '5.04');
    assert.notEqual(0.1 + 0.2, 0.3); // what floats would have done to the sum of lines
  });
});
