import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeJob, NEW_JOB_MEMORY, type JobMemory } from './job-health';

const policy = { degradeRestarts: 3, windowMs: 60_000, recoverMs: 10_000 };

describe('judgeJob', () => {
  it('ends the statement with its job', () => {
    assert.deepEqual(
      judgeJob('RUNNING', NEW_JOB_MEMORY, { state: 'FINISHED', numRestarts: 0, at: 1 }, policy).verdict,
      {
        kind: 'report',
        phase: 'COMPLETED',
        detail: '',
      },
    );
    assert.equal(
      judgeJob('RUNNING', NEW_JOB_MEMORY, { state: 'FAILED', numRestarts: 0, at: 1 }, policy).verdict.kind,
      'failed',
    );
    assert.equal(
      judgeJob('DEGRADED', NEW_JOB_MEMORY, { state: 'MISSING', numRestarts: null, at: 1 }, policy).verdict.kind,
      'resubmit',
    );
    const cancelled = judgeJob('RUNNING', NEW_JOB_MEMORY, { state: 'CANCELED', numRestarts: 0, at: 1 }, policy).verdict;
    assert.equal(cancelled.kind === 'report' && cancelled.phase, 'FAILED');
  });

  it('degrades after repeated restarts within the window, and recovers after a quiet period', () => {
    let memory: JobMemory = NEW_JOB_MEMORY;
    const see = (
      phase: 'RUNNING' | 'DEGRADED',
      numRestarts: number,
      at: number,
      state: 'RUNNING' | 'RESTARTING' = 'RUNNING',
    ) => {
      const r = judgeJob(phase, memory, { state, numRestarts, at }, policy);
      memory = r.memory;
      return r.verdict;
    };
    assert.equal(see('RUNNING', 5, 0).kind, 'none'); // restarts before watching began do not count
    assert.equal(see('RUNNING', 6, 1_000, 'RESTARTING').kind, 'none');
    assert.equal(see('RUNNING', 7, 2_000).kind, 'none');
    const degraded = see('RUNNING', 8, 3_000);
    assert.equal(degraded.kind === 'report' && degraded.phase, 'DEGRADED');
    assert.equal(see('DEGRADED', 8, 8_000).kind, 'none');
    const recovered = see('DEGRADED', 8, 13_000);
    assert.equal(recovered.kind === 'report' && recovered.phase, 'RUNNING');
  });

  it('forgets restarts older than the window', () => {
    let memory: JobMemory = { lastRestarts: 0, restartTimes: [] };
    for (const [n, at] of [
      [1, 0],
      [2, 30_000],
      [3, 120_000],
    ]) {
      const r = judgeJob('RUNNING', memory, { state: 'RUNNING', numRestarts: n, at }, policy);
      memory = r.memory;
      assert.equal(r.verdict.kind, 'none');
    }
    assert.deepEqual(memory.restartTimes, [120_000]);
  });
});
