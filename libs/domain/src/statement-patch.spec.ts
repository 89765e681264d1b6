import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyJsonPatch, JsonPatchError } from './json-patch';
import { decideStatementPatch, patchedReferences, StatementPatchError } from './statement-patch';

const statement = {
  api_version: 'sql/v1',
  name: 'orders',
  metadata: { self: 'http://x/orders', resource_version: '3', labels: { team: 'a' } },
  spec: { statement: 'SELECT 1', properties: {}, compute_pool_id: 'lfcp-1', principal: 'u-1', stopped: false },
  status: { phase: 'RUNNING' },
};

function refused(ops: Parameters<typeof decideStatementPatch>[1], status: number, detail: RegExp) {
  assert.throws(
    () => decideStatementPatch(statement, ops),
    (e: unknown) => e instanceof StatementPatchError && e.status === status && detail.test(e.message),
  );
}

describe('JSON Patch', () => {
  it('applies RFC 6902 ops in order, in either case, without touching the input', () => {
    const doc = { a: [1, 2], b: { c: 'x' } };
    const out = applyJsonPatch(doc, [
      { op: 'ADD', path: '/a/-', value: 3 },
      { op: 'replace', path: '/b/c', value: 'y' },
      { op: 'COPY', from: '/b', path: '/d' },
      { op: 'MOVE', from: '/a/0', path: '/e' },
      { op: 'REMOVE', path: '/b' },
      { op: 'TEST', path: '/d/c', value: 'y' },
      { op: 'add', path: '/f~1g', value: true },
    ]);
    assert.deepEqual(out, { a: [2, 3], d: { c: 'y' }, e: 1, 'f/g': true });
    assert.deepEqual(doc, { a: [1, 2], b: { c: 'x' } });
  });

  it('names the failing op', () => {
    assert.throws(
      () =>
        applyJsonPatch({ a: 1 }, [
          { op: 'TEST', path: '/a', value: 1 },
          { op: 'REMOVE', path: '/b' },
        ]),
      (e: unknown) => e instanceof JsonPatchError && e.index === 1 && e.kind === 'invalid',
    );
    assert.throws(
      () => applyJsonPatch({ a: 1 }, [{ op: 'TEST', path: '/a', value: 2 }]),
      (e: unknown) => e instanceof JsonPatchError && e.kind === 'test',
    );
    assert.throws(() => applyJsonPatch({ a: { b: 1 } }, [{ op: 'MOVE', from: '/a', path: '/a/c' }]), JsonPatchError);
  });
});

describe('statement patches', () => {
  it('stop, resume elsewhere, labels and baseline CFUs', () => {
    assert.equal(
      decideStatementPatch(statement, [{ op: 'REPLACE', path: '/spec/stopped', value: true }]).stopped,
      true,
    );
    const edit = decideStatementPatch(statement, [
      { op: 'REPLACE', path: '/spec/compute_pool_id', value: 'lfcp-2' },
      { op: 'ADD', path: '/metadata/labels/env', value: 'prod' },
      { op: 'REMOVE', path: '/metadata/labels/team' },
      { op: 'ADD', path: '/spec/scaling', value: { baseline_cfu: 4 } },
    ]);
    assert.deepEqual(edit, {
      stopped: false,
      computePoolId: 'lfcp-2',
      principal: 'u-1',
      labels: { env: 'prod' },
      baselineCfu: 4,
    });
  });

  it('a failing TEST (a stale resource_version) is 409', () => {
    refused([{ op: 'TEST', path: '/metadata/resource_version', value: '2' }], 409, /resource_version/);
    assert.ok(decideStatementPatch(statement, [{ op: 'TEST', path: '/metadata/resource_version', value: '3' }]));
  });

  it('refuses changes a PUT may not make, and values of the wrong type', () => {
    refused(
      [{ op: 'REPLACE', path: '/spec/statement', value: 'SELECT 2' }],
      422,
      /\/spec\/statement cannot be changed/,
    );
    refused([{ op: 'REPLACE', path: '/status/phase', value: 'STOPPED' }], 422, /\/status cannot be changed/);
    refused([{ op: 'REPLACE', path: '/spec/stopped', value: 'yes' }], 422, /true or false/);
    refused([{ op: 'REMOVE', path: '/spec/principal' }], 422, /principal/);
    refused([{ op: 'ADD', path: '/metadata/labels/x', value: 1 }], 422, /labels/);
    refused([{ op: 'REMOVE', path: '/nothing' }], 422, /REMOVE \/nothing/);
  });

  it('takes the pool and principal only from ADD or REPLACE at their own paths', () => {
    refused([{ op: 'COPY', from: '/spec/compute_pool_id', path: '/spec/principal' }], 422, /ADD or REPLACE/);
    refused([{ op: 'REPLACE', path: '/spec', value: statement.spec }], 422, /ADD or REPLACE/);
    assert.deepEqual(
      patchedReferences([
        { op: 'replace', path: '/spec/principal', value: 'sa-1' },
        { op: 'TEST', path: '/spec/compute_pool_id', value: 'lfcp-9' },
      ]),
      { principal: 'sa-1' },
    );
  });
});
