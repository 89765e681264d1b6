import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketMinutes, parseInterval } from './metrics-query';

const t = (iso: string) => new Date(iso);

describe('metrics query intervals and buckets', () => {
  it('start/end and start/duration, in UTC whatever the offset', () => {
    assert.deepEqual(parseInterval('2026-01-01T00:00:00Z/2026-01-01T01:00:00Z', 'PT1M'), {
      start: t('2026-01-01T00:00:00Z'),
      end: t('2026-01-01T01:00:00Z'),
    });
    assert.deepEqual(parseInterval('2026-01-01T01:00:00+01:00/P1DT2H', 'PT1H'), {
      start: t('2026-01-01T00:00:00Z'),
      end: t('2026-01-02T02:00:00Z'),
    });
  });
  it('refuses malformed, empty, reversed, unaligned or too fine intervals', () => {
    for (const bad of [
      '2026-01-01/PT1H',
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:00:00Z/P',
      '2026-01-01T00:00:00Z/PT1H/x',
    ]) {
      assert.throws(() => parseInterval(bad, 'PT1M'), /not an interval/, bad);
    }
    assert.throws(() => parseInterval('2026-01-01T00:00:00Z/PT0M', 'PT1M'), /end after/);
    assert.throws(() => parseInterval('2026-01-01T00:00:30Z/PT1H', 'PT1M'), /whole minutes/);
    assert.doesNotThrow(() => parseInterval('2026-01-01T00:00:00Z/PT6H', 'PT1M'));
    assert.throws(
      () => parseInterval('2026-01-01T00:00:00Z/PT6H1M', 'PT1M'),
      /PT1M allows intervals of at most 6 hours/,
    );
    assert.throws(() => parseInterval('2026-01-01T00:00:00Z/P2D', 'PT5M'), /at most 24 hours/);
    assert.doesNotThrow(() => parseInterval('2026-01-01T00:00:00Z/P4D', 'PT15M'));
    assert.throws(() => parseInterval('2026-01-01T00:00:00Z/P8D', 'PT30M'), /at most 168 hours/);
    assert.doesNotThrow(() => parseInterval('2026-01-01T00:00:00Z/P31D', 'PT1H'));
    assert.doesNotThrow(() => parseInterval('2026-01-01T00:00:00Z/P31D', 'ALL'));
    assert.throws(() => parseInterval('2026-01-01T00:00:00Z/P32D', 'ALL'), /more than 31 days/);
  });
  it('now with offsets and truncation (UTC), and duration/end', () => {
    const now = t('2026-01-01T02:13:27Z');
    assert.deepEqual(parseInterval('now-2m|m/now|m', 'PT1M', now), {
      start: t('2026-01-01T02:11:00Z'),
      end: t('2026-01-01T02:13:00Z'),
    });
    assert.deepEqual(parseInterval('now-1d|d/now|h', 'PT1H', now), {
      start: t('2025-12-31T00:00:00Z'),
      end: t('2026-01-01T02:00:00Z'),
    });
    assert.deepEqual(parseInterval('PT1H/now|h', 'PT1M', now), {
      start: t('2026-01-01T01:00:00Z'),
      end: t('2026-01-01T02:00:00Z'),
    });
    assert.deepEqual(parseInterval('PT30M/2026-01-01T00:30:00Z', 'PT1M', now), {
      start: t('2026-01-01T00:00:00Z'),
      end: t('2026-01-01T00:30:00Z'),
    });
    assert.throws(() => parseInterval('now-1h/now', 'PT1M', now), /whole minutes \(truncate now with \|m\)/);
    assert.throws(() => parseInterval('now-1x/now|m', 'PT1M', now), /not an interval/);
    assert.throws(() => parseInterval('PT1H/PT2H', 'PT1M', now), /not an interval/);
  });
  it('a bucket is the granularity, or the whole interval for ALL', () => {
    const i = parseInterval('2026-01-01T00:10:00Z/PT1H', 'PT15M');
    assert.equal(bucketMinutes(i, 'ALL'), 60);
    assert.equal(bucketMinutes(i, 'PT15M'), 15);
    assert.equal(bucketMinutes(i, 'P1D'), 1440);
  });
});
