import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideDelete, decideUpdate, isRejection, type StatementState, type Transition } from './statement-lifecycle';

const base: StatementState = {
  stopped: false,
  phase: 'RUNNING',
  computePoolId: 'lfcp-aaa',
  principal: 'u-aaa',
  dispatched: true,
};

function transition(state: Partial<StatementState>, update: Parameters<typeof decideUpdate>[1]): Transition {
  const result = decideUpdate({ ...base, ...state }, update);
  assert.ok(!isRejection(result), `expected a transition, got ${JSON.stringify(result)}`);
  return result;
}

function rejection(state: Partial<StatementState>, update: Parameters<typeof decideUpdate>[1]) {
  const result = decideUpdate({ ...base, ...state }, update);
  assert.ok(isRejection(result), `expected a rejection, got ${JSON.stringify(result)}`);
  return result;
}

describe('StatementLifecycle.decideUpdate', () => {
  it('stops a running statement through STOPPING with a StopStatement command', () => {
    const t = transition({}, { stopped: true });
    assert.equal(t.kind, 'stop');
    assert.equal(t.phase, 'STOPPING');
    assert.equal(t.command, 'StopStatement');
    assert.equal(t.stopped, true);
  });

  it('stops a never-dispatched statement at once, with no engine command', () => {
    const t = transition({ phase: 'PENDING', dispatched: false }, { stopped: true });
    assert.equal(t.phase, 'STOPPED');
    assert.equal(t.command, undefined);
  });

  it('keeps the terminal phase when a completed or failed statement is stopped', () => {
    for (const phase of ['COMPLETED', 'FAILED'] as const) {
      const t = transition({ phase }, { stopped: true });
      assert.equal(t.phase, phase);
      assert.equal(t.stopped, true);
      assert.equal(t.command, undefined);
    }
  });

  it('refuses a pool or principal change in a stop request', () => {
    assert.equal(rejection({}, { stopped: true, computePoolId: 'lfcp-bbb' }).pointer, '/spec/compute_pool_id');
    assert.equal(rejection({}, { stopped: true, principal: 'sa-bbb' }).pointer, '/spec/principal');
  });

  it('refuses a pool or principal change without a resume', () => {
    const r = rejection({}, { stopped: false, computePoolId: 'lfcp-bbb' });
    assert.equal(r.status, 422);
    assert.match(r.detail, /only together with a resume/);
    assert.equal(rejection({ stopped: true, phase: 'STOPPED' }, { stopped: true, principal: 'sa-x' }).status, 422);
  });

  it('resumes a stopped statement to PENDING, possibly on a new pool and principal', () => {
    const t = transition(
      { stopped: true, phase: 'STOPPED', dispatched: false },
      { stopped: false, computePoolId: 'lfcp-bbb', principal: 'sa-bbb' },
    );
    assert.equal(t.kind, 'resume');
    assert.equal(t.phase, 'PENDING');
    assert.equal(t.computePoolId, 'lfcp-bbb');
    assert.equal(t.principal, 'sa-bbb');
    assert.equal(t.command, 'StartStatement');
    assert.match(t.detail ?? '', /lfcp-bbb/);
  });

  it('resumes a FAILED statement when asked to run (stopped=false)', () => {
    const t = transition({ phase: 'FAILED', dispatched: false }, { stopped: false });
    assert.equal(t.kind, 'resume');
    assert.equal(t.phase, 'PENDING');
  });

  it('refuses to resume while stopping, and to resume a completed statement', () => {
    assert.equal(rejection({ stopped: true, phase: 'STOPPING' }, { stopped: false }).status, 409);
    assert.equal(rejection({ stopped: true, phase: 'COMPLETED' }, { stopped: false }).status, 422);
  });

  it('refuses any change while deleting', () => {
    assert.equal(rejection({ phase: 'DELETING' }, { stopped: true }).status, 409);
  });

  it('treats an unchanged request as a no-op', () => {
    const t = transition({}, { stopped: false, computePoolId: 'lfcp-aaa', principal: 'u-aaa' });
    assert.equal(t.kind, 'noop');
    assert.equal(t.command, undefined);
  });
});

describe('StatementLifecycle.decideDelete', () => {
  const running = { dispatched: true, phase: 'RUNNING' as const, hasJob: true, startSettled: true };
  const toEngine = { removeNow: false, command: 'DeleteStatement' };

  it('removes a never-dispatched statement at once', () => {
    assert.deepEqual(decideDelete({ ...running, dispatched: false, hasJob: false }), { removeNow: true });
  });

  it('hands a statement with a live job to the engine', () => {
    assert.deepEqual(decideDelete(running), toEngine);
    assert.deepEqual(decideDelete({ ...running, phase: 'DEGRADED' }), toEngine);
    assert.deepEqual(decideDelete({ ...running, phase: 'STOPPING' }), toEngine);
    assert.deepEqual(decideDelete({ ...running, phase: 'PENDING', hasJob: false }), toEngine);
  });

  it('removes an ended statement at once: COMPLETED, STOPPED, or FAILED without a job', () => {
    assert.deepEqual(decideDelete({ ...running, phase: 'COMPLETED', hasJob: false }), { removeNow: true });
    assert.deepEqual(decideDelete({ ...running, phase: 'COMPLETED' }), { removeNow: true });
    assert.deepEqual(decideDelete({ ...running, phase: 'STOPPED' }), { removeNow: true });
    assert.deepEqual(decideDelete({ ...running, phase: 'FAILED', hasJob: false }), { removeNow: true });
  });

  it('lets the engine cancel the job of a FAILED statement, and wait for a start in flight', () => {
    assert.deepEqual(decideDelete({ ...running, phase: 'FAILED' }), toEngine);
    assert.deepEqual(decideDelete({ ...running, phase: 'COMPLETED', startSettled: false }), toEngine);
  });
});
