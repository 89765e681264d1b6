import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADMISSION_LATENCY_BUCKETS, admissionLatencyBucket, cumulativeHistogram } from './admission-latency';

describe('admission latency histogram', () => {
  it('puts a latency in the least bound it does not exceed', () => {
    assert.equal(admissionLatencyBucket(0.3), 0.5);
    assert.equal(admissionLatencyBucket(0.5), 0.5);
    assert.equal(admissionLatencyBucket(-2), 0.05);
    assert.equal(admissionLatencyBucket(7200), Infinity);
  });

  it('renders stored counts cumulatively over every bound, ending at the total', () => {
    const h = cumulativeHistogram([
      { le: 0.5, count: 3, sumSeconds: 1.2 },
      { le: 10, count: 1, sumSeconds: 8 },
      { le: Infinity, count: 2, sumSeconds: 9000 },
    ]);
    assert.equal(h.buckets.length, ADMISSION_LATENCY_BUCKETS.length);
    const at = (le: number) => h.buckets.find((b) => b.le === le)!.count;
    assert.deepEqual([at(0.25), at(0.5), at(5), at(10), at(3600), at(Infinity)], [0, 3, 3, 4, 4, 6]);
    assert.equal(h.count, 6);
    assert.equal(h.sum, 9009.2);
  });

  it('counts a bound no longer listed in the next larger one', () => {
    const h = cumulativeHistogram([{ le: 3, count: 2, sumSeconds: 5 }]);
    assert.equal(h.buckets.find((b) => b.le === 2)!.count, 0);
    assert.equal(h.buckets.find((b) => b.le === 5)!.count, 2);
  });

  it('is all zeros before any admission', () => {
    const h = cumulativeHistogram([]);
    assert.deepEqual([h.count, h.sum, h.buckets.at(-1)!.count], [0, 0, 0]);
  });
});
