import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { EngineJobContract } from './engine-commands';
import { MetricSampleContract, StatementEventContract } from './engine-reports';
import type { MessageContract } from './message';
import { readOutboxCommand } from './outbox';

const uid = randomUUID();
const jobId = 'a'.repeat(32);

function rejects(contract: MessageContract<unknown>, value: unknown, reason: RegExp): void {
  const read = contract.read(value);
  assert.equal(read.ok, false, `${contract.name} accepted ${JSON.stringify(value).slice(0, 200)}`);
  if (!read.ok) assert.match(read.reason, reason);
}

function accepts<T>(contract: MessageContract<T>, value: unknown): T {
  const read = contract.read(value);
  assert.ok(read.ok, read.ok ? '' : read.reason);
  return read.value;
}

const event = (extra: Record<string, unknown> = {}) => ({
  version: 1,
  statementUid: uid,
  seq: Date.now() * 1000,
  at: new Date().toISOString(),
  phase: 'RUNNING',
  ...extra,
});

describe('message contracts', () => {
  it('reads raw JSON bytes, text or a deserialized value alike', () => {
    const value = event({ flinkJobId: jobId, cfu: 2, sqlKind: 'INSERT_INTO' });
    for (const raw of [Buffer.from(JSON.stringify(value)), JSON.stringify(value), value]) {
      assert.deepEqual(accepts(StatementEventContract, raw), value);
    }
  });

  it('rejects what is not a JSON object', () => {
    rejects(StatementEventContract, Buffer.from('{"version":1,'), /not JSON/);
    rejects(StatementEventContract, '[1]', /not an object/);
    rejects(StatementEventContract, null, /not an object/);
  });

  it('accepts only the versions it knows', () => {
    rejects(StatementEventContract, event({ version: 2 }), /unknown version 2 \(known: 1\)/);
    rejects(StatementEventContract, event({ version: '1' }), /unknown version string/);
    rejects(StatementEventContract, event({ version: undefined }), /unknown version undefined/);
  });

  it('rejects oversized messages before parsing them', () => {
    rejects(StatementEventContract, event({ detail: 'x'.repeat(600 * 1024) }), /bytes exceeds 524288/);
    rejects(MetricSampleContract, JSON.stringify({ version: 1, pad: 'x'.repeat(20_000) }), /exceeds 16384/);
  });

  it('names the field and rule, never the rejected value', () => {
    const secret = 'hunter2-password-in-a-phase';
    const read = StatementEventContract.read(event({ phase: secret }));
    assert.equal(read.ok, false);
    if (!read.ok) {
      assert.match(read.reason, /^statement event v1: phase: Invalid option/);
      assert.doesNotMatch(read.reason, /hunter2/);
    }
  });

  it('survives nesting deep enough to exhaust a recursive parse', () => {
    const depth = 10_000;
    const type =
      '{"type":"ARRAY","nullable":true,"element_type":'.repeat(depth) +
      '{"type":"INT","nullable":"x"}' +
      '}'.repeat(depth);
    const json = JSON.stringify(event({ traits: { schema: { columns: [{ name: 'c', type: 0 }] } } }));
    const read = StatementEventContract.read(Buffer.from(json.replace('"type":0', `"type":${type}`)));
    // Rejected either way: by the stack's limit here, by the innermost field on a deeper stack.
    assert.equal(read.ok, false);
  });
});

describe('StatementEvent v1', () => {
  it('accepts every field the worker reports', () => {
    accepts(
      StatementEventContract,
      event({
        phase: 'STOPPED',
        sqlKind: 'CREATE_TABLE_AS',
        detail: 'Stopped with a savepoint.',
        flinkJobId: jobId,
        cfu: 0,
        savepointPath: 'file:/work/.run/engine/savepoints/savepoint-aaaaaa-0123456789ab',
        latestOffsets: { orders: 'partition:0,offset:100;partition:1,offset:200' },
        exception: { name: 'java.lang.RuntimeException', message: 'boom' },
        traits: {
          is_bounded: false,
          is_append_only: true,
          schema: {
            columns: [
              { name: 'id', type: { type: 'BIGINT', nullable: false } },
              {
                name: 'tags',
                type: { type: 'ARRAY', nullable: true, element_type: { type: 'VARCHAR', nullable: true } },
              },
            ],
          },
        },
        tableUses: [{ table: '`e`.`cluster_0`.`orders`', topicCrn: 'crn://confluent.cloud/x', access: 'read' }],
        catalog: {
          op: 'put',
          databaseId: 'lkc-abc123',
          table: 'orders',
          definition: '(`id` BIGINT)',
          topic: 'lkc-abc123.orders',
          partitions: 6,
        },
      }),
    );
    accepts(StatementEventContract, event({ phase: 'DELETED' }));
    accepts(StatementEventContract, event({ catalog: { op: 'drop', databaseId: 'lkc-abc123', table: 'orders' } }));
  });

  it('rejects unknown phases, fields and identifiers of the wrong shape', () => {
    rejects(StatementEventContract, event({ phase: 'HACKED' }), /phase: Invalid option/);
    rejects(StatementEventContract, event({ tenant: 'other' }), /Unrecognized key: "tenant"/);
    rejects(StatementEventContract, event({ statementUid: "x' OR 1=1" }), /statementUid: Invalid UUID/);
    rejects(StatementEventContract, event({ flinkJobId: '../../etc' }), /flinkJobId: expected a Flink job id/);
    rejects(StatementEventContract, event({ seq: 0 }), /seq/);
    rejects(StatementEventContract, event({ seq: 1.5 }), /seq/);
    rejects(StatementEventContract, event({ at: 'yesterday' }), /at: Invalid ISO datetime/);
    rejects(StatementEventContract, event({ cfu: -1 }), /cfu/);
    rejects(StatementEventContract, event({ sqlKind: 'DROP_EVERYTHING' }), /sqlKind/);
    rejects(StatementEventContract, event({ detail: 'x'.repeat(8001) }), /detail: Too big/);
    rejects(StatementEventContract, event({ latestOffsets: { t: 'partition:0;DROP' } }), /latestOffsets\.t/);
    rejects(
      StatementEventContract,
      event({ tableUses: [{ table: 't', topicCrn: 'http://x', access: 'read' }] }),
      /tableUses\.0\.topicCrn/,
    );
    rejects(
      StatementEventContract,
      event({ tableUses: [{ table: 't', topicCrn: 'crn://x', access: 'own' }] }),
      /tableUses\.0\.access/,
    );
  });

  it('rejects savepoint paths that are not a plain state location', () => {
    for (const savepointPath of ['/tmp/sp', 'file:/a/../b', 'file:/a b', 'file:/a\nb', `file:/${'a'.repeat(1024)}`]) {
      rejects(StatementEventContract, event({ savepointPath }), /savepointPath/);
    }
    accepts(StatementEventContract, event({ savepointPath: 's3://bucket/savepoints/savepoint-1' }));
  });

  it('keeps a table’s topic in its own logical cluster', () => {
    const put = { op: 'put', databaseId: 'lkc-abc123', table: 'orders', definition: '(`id` INT)', partitions: 1 };
    rejects(StatementEventContract, event({ catalog: { ...put, topic: 'lkc-other1.orders' } }), /catalog\.topic/);
    rejects(
      StatementEventContract,
      event({ catalog: { ...put, topic: 'lkc-abc123.orders', partitions: 0 } }),
      /partitions/,
    );
    rejects(StatementEventContract, event({ catalog: { ...put, op: 'rename', topic: 'x' } }), /catalog/);
  });
});

describe('MetricSample v1', () => {
  const sample = (extra: Record<string, unknown> = {}) => ({
    version: 1,
    statementUid: uid,
    computePoolId: 'lfcp-abc1234',
    at: new Date().toISOString(),
    recordsIn: 10,
    recordsOut: 9,
    pendingRecords: 0,
    currentCfu: 1,
    stateSizeBytes: 4096,
    currentInputWatermarkMs: Date.now(),
    lastCheckpointPath: 'file:/work/.run/engine/checkpoints/abc/chk-3',
    ...extra,
  });

  it('accepts a sample and rejects bad numbers and ids', () => {
    accepts(MetricSampleContract, sample());
    rejects(MetricSampleContract, sample({ recordsIn: -1 }), /recordsIn/);
    rejects(MetricSampleContract, sample({ recordsOut: '9' }), /recordsOut/);
    rejects(MetricSampleContract, sample({ stateSizeBytes: 2 ** 60 }), /stateSizeBytes/);
    rejects(MetricSampleContract, sample({ computePoolId: 'env-abc' }), /computePoolId/);
    rejects(MetricSampleContract, sample({ lastCheckpointPath: 'file:/../x' }), /lastCheckpointPath/);
    rejects(MetricSampleContract, sample({ extra: 1 }), /Unrecognized key/);
    rejects(MetricSampleContract, sample({ version: 0 }), /unknown version 0/);
  });
});

describe('EngineJob v1', () => {
  const job = (extra: Record<string, unknown> = {}) => ({
    version: 1,
    command: 'StartStatement',
    statementUid: uid,
    resourceVersion: 3,
    cfu: 2,
    resume: true,
    ...extra,
  });

  it('accepts the three commands and rejects anything else', () => {
    accepts(EngineJobContract, job());
    accepts(EngineJobContract, { version: 1, command: 'DeleteStatement', statementUid: uid, resourceVersion: 1 });
    rejects(EngineJobContract, job({ command: 'RunShell' }), /command: Invalid option/);
    rejects(EngineJobContract, job({ cfu: 0 }), /cfu/);
    rejects(EngineJobContract, job({ resourceVersion: 0 }), /resourceVersion/);
    rejects(EngineJobContract, job({ statementUid: 'not-a-uuid' }), /statementUid/);
    rejects(EngineJobContract, job({ savepointPath: 'file:/x' }), /Unrecognized key/);
    rejects(EngineJobContract, job({ version: undefined }), /unknown version undefined/);
    rejects(EngineJobContract, job({ pad: 'x'.repeat(5000) }), /exceeds 4096/);
  });
});

describe('outbox commands', () => {
  const payload = { version: 1, environmentId: 'env-abc1234', name: 'my-insert', resourceVersion: 2, resume: false };

  it('reads each command with its payload', () => {
    for (const command of ['StartStatement', 'StopStatement']) {
      const read = readOutboxCommand({ command, subjectId: uid, payload });
      assert.deepEqual(read, { ok: true, value: { command, subjectId: uid, payload } });
    }
    const deletion = { version: 1, environmentId: payload.environmentId, name: payload.name };
    assert.equal(readOutboxCommand({ command: 'DeleteStatement', subjectId: uid, payload: deletion }).ok, true);
  });

  it('reads environment purges, keyed by the environment', () => {
    const purge = { version: 1, flinkRegion: 'aws.us-east-1', kafkaClusterId: 'lkc-abc123' };
    assert.equal(readOutboxCommand({ command: 'PurgeEnvironment', subjectId: 'env-abc123', payload: purge }).ok, true);
    for (const [subjectId, payload] of [
      [uid, purge],
      ['env-abc123', { ...purge, kafkaClusterId: 'lkc-x.y' }],
      ['env-abc123', { ...purge, flinkRegion: '../../etc' }],
      ['env-abc123', { flinkRegion: 'aws.us-east-1', kafkaClusterId: 'lkc-abc123' }],
    ] as const) {
      assert.equal(readOutboxCommand({ command: 'PurgeEnvironment', subjectId, payload }).ok, false);
    }
  });

  it('rejects unknown commands, subjects, versions and payloads', () => {
    const reason = (row: { command: string; subjectId: string; payload: unknown }) => {
      const read = readOutboxCommand(row);
      assert.equal(read.ok, false);
      return read.ok ? '' : read.reason;
    };
    assert.match(reason({ command: 'DropDatabase', subjectId: uid, payload }), /unknown outbox command DropDatabase/);
    assert.match(reason({ command: 'StopStatement', subjectId: 'lfcp-1', payload }), /subject is not a statement uid/);
    assert.match(
      reason({ command: 'StopStatement', subjectId: uid, payload: { ...payload, version: 2 } }),
      /version 2/,
    );
    assert.match(reason({ command: 'StopStatement', subjectId: uid, payload: {} }), /unknown version undefined/);
    assert.match(
      reason({ command: 'StopStatement', subjectId: uid, payload: { ...payload, name: 'Bad Name' } }),
      /name: expected a statement name/,
    );
    assert.match(reason({ command: 'DeleteStatement', subjectId: uid, payload }), /Unrecognized keys/);
    assert.match(reason({ command: 'constructor', subjectId: uid, payload }), /unknown outbox command/);
  });
});
