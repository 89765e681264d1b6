import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialOffsetAdmission, initialOffsetScans, nextOffsets } from './initial-offsets';
import { translateStatementProperties } from './statement-properties';

describe('sql.tables.initial-offset-from', () => {
  it('starts one past the last processed offset of each partition, and unread partitions at 0', () => {
    assert.equal(
      nextOffsets('partition:0,offset:41;partition:1,offset:9', 2),
      'partition:0,offset:42;partition:1,offset:10',
    );
    assert.equal(
      nextOffsets('partition:2,offset:5', 4),
      'partition:0,offset:0;partition:1,offset:0;partition:2,offset:6;partition:3,offset:0',
    );
    assert.equal(nextOffsets('partition:0,offset:9223372036854775806', 1), 'partition:0,offset:9223372036854775807');
    assert.equal(nextOffsets('partition:0'), null);
  });

  it('lists every partition a table may have by default (Flink would look unlisted ones up in a consumer group)', () => {
    const all = nextOffsets('partition:3,offset:1')!.split(';');
    assert.equal(all.length, 1024);
    assert.equal(all[3], 'partition:3,offset:2');
    assert.equal(all[1023], 'partition:1023,offset:0');
  });

  it('gives each table the stopped statement read a specific-offsets start', () => {
    const r = initialOffsetScans('copy', { phase: 'STOPPED', latestOffsets: { orders: 'partition:0,offset:99' } });
    assert.equal(r.ok, true);
    const scan = (r as { scans: Record<string, Record<string, string>> }).scans.orders;
    assert.equal(scan['scan.startup.mode'], 'specific-offsets');
    assert.match(scan['scan.startup.specific-offsets'], /^partition:0,offset:100;partition:1,offset:0;/);
    assert.deepEqual(initialOffsetScans('copy', { phase: 'STOPPED', latestOffsets: null }), { ok: true, scans: {} });
  });

  it('says why there are no offsets: a missing, unstopped or malformed source', () => {
    const missing = initialOffsetScans('copy', null);
    assert.match((missing as { detail: string }).detail, /names statement copy, which does not exist/);
    const failed = initialOffsetScans('copy', { phase: 'FAILED', latestOffsets: null });
    assert.match((failed as { detail: string }).detail, /which is FAILED: only a STOPPED statement/);
    const bad = initialOffsetScans('copy', { phase: 'STOPPED', latestOffsets: { t: 'all of it' } });
    assert.equal(bad.ok, false);
  });

  it('holds a statement back while its source may still read', () => {
    for (const phase of ['PENDING', 'RUNNING', 'DEGRADED', 'STOPPING', 'FAILING'] as const)
      assert.equal(initialOffsetAdmission(phase), 'wait', phase);
    for (const phase of ['STOPPED', 'FAILED', 'COMPLETED', 'DELETING', undefined] as const)
      assert.equal(initialOffsetAdmission(phase), 'start', String(phase));
  });

  it('is a statement property whose value is a statement name', () => {
    const ok = translateStatementProperties({ 'sql.tables.initial-offset-from': 'copy-big.v2' });
    assert.equal(ok.ok && ok.value.initialOffsetFrom, 'copy-big.v2');
    const bad = translateStatementProperties({ 'sql.tables.initial-offset-from': 'Copy Big' });
    assert.equal(bad.ok, false);
    assert.match((bad as { detail: string }).detail, /must be the name of a statement of the same environment/);
  });
});
