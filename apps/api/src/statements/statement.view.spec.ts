import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorHandlingStatus } from './statement.view';

describe('errorHandlingStatus', () => {
  it('reports the counts of the latest metric sample', () => {
    assert.deepEqual(errorHandlingStatus({ at: '2026-11-28T00:00:00Z', skippedRecords: 3, deadLetterRecords: 2 }), {
      skipped_records: 3,
      dead_letter_records: 2,
    });
  });

  it('is absent before the job is sampled or when the sample has no counts', () => {
    assert.equal(errorHandlingStatus(null), undefined);
    assert.equal(errorHandlingStatus({ at: '2026-11-28T00:00:00Z', recordsIn: 5 }), undefined);
  });

  it('takes a sample without a dead-letter count as none written', () => {
    assert.deepEqual(errorHandlingStatus({ skippedRecords: 4 }), { skipped_records: 4, dead_letter_records: 0 });
  });
});
