import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideEvent, type ObservedState } from './statement-events';

const at = new Date('2026-01-01T00:00:00Z');
const pending: ObservedState = { phase: 'PENDING', stopped: false, lastEventSeq: 10, startTime: null };

describe('decideEvent', () => {
  it('ignores stale and duplicate events', () => {
    assert.equal(decideEvent(pending, { seq: 10, at, phase: 'RUNNING' }).kind, 'ignore');
    assert.equal(decideEvent(pending, { seq: 3, at, phase: 'FAILED' }).kind, 'ignore');
  });

  it('applies a running report with its job, CFUs and start time', () => {
    const d = decideEvent(pending, { seq: 11, at, phase: 'RUNNING', flinkJobId: 'j', cfu: 2 });
    assert.deepEqual(d, {
      kind: 'update',
      phase: 'RUNNING',
      detail: undefined,
      flinkJobId: 'j',
      savepointPath: undefined,
      cfu: 2,
      startTime: at,
      endTime: null,
      sqlKind: undefined,
    });
  });

  it('frees CFUs and sets the end time when the statement ends', () => {
    const running: ObservedState = { ...pending, phase: 'RUNNING', startTime: at };
    const d = decideEvent(running, { seq: 12, at, phase: 'STOPPED', savepointPath: '/sp', cfu: 2 });
    assert.equal(d.kind, 'update');
    if (d.kind !== 'update') return;
    assert.equal(d.cfu, 0);
    assert.equal(d.endTime, at);
    assert.equal(d.startTime, undefined);
    assert.equal(d.savepointPath, '/sp');
  });

  it('keeps a requested stop or delete over a late running report', () => {
    const stopping: ObservedState = { ...pending, phase: 'STOPPING', stopped: true };
    const d = decideEvent(stopping, { seq: 11, at, phase: 'RUNNING', flinkJobId: 'j', cfu: 1 });
    assert.equal(d.kind === 'update' && d.phase, 'STOPPING');
    assert.equal(d.kind === 'update' && d.flinkJobId, 'j');
  });

  it('keeps a completed statement completed whatever reports follow', () => {
    const completed: ObservedState = { ...pending, phase: 'COMPLETED', startTime: at };
    assert.equal(decideEvent(completed, { seq: 11, at, phase: 'FAILED', detail: 'late' }).kind, 'ignore');
    assert.equal(decideEvent(completed, { seq: 12, at, phase: 'RUNNING' }).kind, 'ignore');
    assert.equal(decideEvent(completed, { seq: 13, at, phase: 'DELETED' }).kind, 'remove');
    const again = decideEvent(completed, { seq: 14, at, phase: 'COMPLETED', detail: 'newer' });
    assert.equal(again.kind === 'update' && again.detail, 'newer');
  });

  it('removes the statement on DELETED', () => {
    assert.deepEqual(decideEvent({ ...pending, phase: 'DELETING' }, { seq: 11, at, phase: 'DELETED' }), {
      kind: 'remove',
    });
  });
});
