import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatementEvent } from '#contracts';
import type { Statement } from '#db';
import { plainEvent } from './plain-event-batch';

const UID = '00000000-0000-4000-8000-0000000000aa';
const row = {
  uid: UID,
  phase: 'RUNNING',
  stopped: false,
  lastEventSeq: 10n,
  startTime: new Date('2026-11-28T00:00:00Z'),
  detail: 'running',
} as unknown as Statement;
const event = (extra: Partial<StatementEvent> = {}): StatementEvent => ({
  version: 1,
  statementUid: UID,
  seq: 11,
  at: '2026-11-28T01:00:00.000Z',
  phase: 'RUNNING',
  cfu: 2,
  ...extra,
});

describe('plain statement events', () => {
  it('takes a periodic RUNNING report as a plain update, with its offsets', () => {
    const plain = plainEvent(event({ latestOffsets: { t: 'partition:0,offset:5' } }), 'at', row);
    assert.ok(plain);
    assert.equal(plain.phase, 'RUNNING');
    assert.equal(plain.cfu, 2);
    assert.equal(plain.startTime, null); // the statement already started
    assert.equal(plain.endTime, null); // RUNNING clears an end time
  });

  it('leaves to the full path what changes the catalog, records an exception or notifies', () => {
    const catalog = { op: 'drop', databaseId: 'lkc-a', table: 't' } as unknown as StatementEvent['catalog'];
    assert.equal(plainEvent(event({ catalog }), 'at', row), null);
    assert.equal(plainEvent(event({ exception: { name: 'E', message: 'm' } }), 'at', row), null);
    assert.equal(plainEvent(event({ phase: 'FAILED' }), 'at', row), null);
    assert.equal(plainEvent(event({ phase: 'DEGRADED' }), 'at', row), null);
    assert.equal(plainEvent(event({ sqlKind: 'CREATE_TABLE' }), 'at', row), null);
  });

  it('leaves stale events and removals to the full path', () => {
    assert.equal(plainEvent(event({ seq: 10 }), 'at', row), null);
    assert.equal(plainEvent(event({ phase: 'DELETED' }), 'at', row), null);
  });

  it('takes a report that ends the statement as plain, with its end time', () => {
    const plain = plainEvent(event({ phase: 'STOPPED', cfu: 0 }), 'at', row);
    assert.equal(plain?.phase, 'STOPPED');
    assert.deepEqual(plain?.endTime, new Date('2026-11-28T01:00:00.000Z'));
  });
});
