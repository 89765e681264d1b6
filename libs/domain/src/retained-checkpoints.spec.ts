import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkpointFolderOf, newestCompleteCheckpoint } from './retained-checkpoints';

const OLD = 'a'.repeat(32);
const LOST = 'b'.repeat(32);

describe('retained checkpoints of a lost job', () => {
  it('finds the lost job folder beside a recorded file: checkpoint', () => {
    assert.equal(checkpointFolderOf(`file:/run/checkpoints/${OLD}/chk-7`, LOST), `/run/checkpoints/${LOST}`);
    assert.equal(checkpointFolderOf(`file:///run/checkpoints/${LOST}/chk-12/`, LOST), `/run/checkpoints/${LOST}`);
  });

  it('knows no folder for remote storage or a savepoint', () => {
    assert.equal(checkpointFolderOf(`s3://bucket/checkpoints/${OLD}/chk-7`, LOST), null);
    assert.equal(checkpointFolderOf('file:/run/savepoints/savepoint-abc', LOST), null);
  });

  it('picks the highest complete chk-N, numerically', () => {
    const entries = [
      { name: 'chk-9', complete: true },
      { name: 'chk-10', complete: true },
      { name: 'chk-11', complete: false },
      { name: 'shared', complete: false },
      { name: 'taskowned', complete: false },
    ];
    assert.equal(newestCompleteCheckpoint(entries), 'chk-10');
    assert.equal(newestCompleteCheckpoint([{ name: 'chk-3', complete: false }]), null);
    assert.equal(newestCompleteCheckpoint([]), null);
  });
});
