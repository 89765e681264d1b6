import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { UnrecoverableError, type Job } from 'bullmq';
import { engineJobId, type EngineJob } from '#contracts';
import { readJob } from './read-job';

const data: EngineJob = { version: 1, command: 'StopStatement', statementUid: randomUUID(), resourceVersion: 4 };
const job = (over: Partial<{ name: string; id: string; data: unknown }> = {}) =>
  ({ name: data.command, id: engineJobId(data), data, ...over }) as unknown as Job;

describe('readJob', () => {
  it('returns the command of a job named and keyed as the scheduler enqueues it', () => {
    assert.deepEqual(readJob(job()), data);
  });

  it('fails a malformed, unknown-version or mislabelled job for good', () => {
    const cases: [Partial<{ name: string; id: string; data: unknown }>, RegExp][] = [
      [{ data: { ...data, statementUid: 'x' } }, /statementUid: Invalid UUID/],
      [{ data: { ...data, version: 2 } }, /unknown version 2/],
      [{ data: 'StopStatement' }, /not JSON/],
      [{ name: 'StartStatement' }, /does not match/],
      [{ id: `${data.statementUid}:99:StopStatement` }, /does not match/],
    ];
    for (const [over, reason] of cases) {
      assert.throws(
        () => readJob(job(over)),
        (e: Error) => e instanceof UnrecoverableError && reason.test(e.message),
      );
    }
  });
});
