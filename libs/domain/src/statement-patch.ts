import { isDeepStrictEqual } from 'node:util';
import { applyJsonPatch, JsonPatchError, type JsonPatchOperation } from './json-patch';

/**
 * What a JSON Patch of a statement (sql/v1 PATCH) asks for, decided on the statement as GET
 * shows it. A patch may change what a PUT may change, nothing else.
 */
export interface StatementEdit {
  stopped: boolean;
  computePoolId: string;
  principal: string;
  labels: Record<string, string>;
  baselineCfu: number | null;
}

export class StatementPatchError extends Error {
  constructor(
    readonly status: 409 | 422,
    /** JSON Pointer into the patch document (the operation at fault). */
    readonly pointer: string,
    detail: string,
  ) {
    super(detail);
  }
}

export const PATCHABLE = [
  '/spec/stopped',
  '/spec/compute_pool_id',
  '/spec/principal',
  '/metadata/labels',
  '/spec/scaling/baseline_cfu',
] as const;

/** Fields whose change needs its own authorization: only ADD or REPLACE may set them, so the patch names the value. */
const AUTHORIZED = ['/spec/compute_pool_id', '/spec/principal'];
const MAX_LABELS = 64;

const WHAT_MAY_CHANGE = `a patch may change ${PATCHABLE.join(', ')}`;

/** The pool and principal a patch sets (for authorization before it is applied). */
export function patchedReferences(operations: readonly JsonPatchOperation[]): {
  computePoolId?: string;
  principal?: string;
} {
  const found: { computePoolId?: string; principal?: string } = {};
  for (const o of operations) {
    const op = o.op.toLowerCase();
    if ((op !== 'add' && op !== 'replace') || typeof o.value !== 'string') continue;
    if (o.path === '/spec/compute_pool_id') found.computePoolId = o.value;
    if (o.path === '/spec/principal') found.principal = o.value;
  }
  return found;
}

/** Refuses the ways of changing the pool or principal other than ADD/REPLACE at their own paths. */
function assertReferencesSetDirectly(operations: readonly JsonPatchOperation[]): void {
  operations.forEach((o, i) => {
    const op = o.op.toLowerCase();
    if (op === 'test') return;
    const ancestor = AUTHORIZED.some((p) => p.startsWith(`${o.path}/`));
    const copiedInto = (op === 'move' || op === 'copy') && AUTHORIZED.includes(o.path);
    if (ancestor || copiedInto) {
      throw new StatementPatchError(
        422,
        `/${i}/path`,
        `${o.op} ${o.path || '(the whole statement)'}: set spec.compute_pool_id and spec.principal with ADD or REPLACE at their own paths.`,
      );
    }
  });
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first pointer below `base` where `a` and `b` differ, skipping `allowed` keys. */
function firstDifference(a: Obj, b: Obj, base: string, allowed: readonly string[]): string | undefined {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (allowed.includes(key)) continue;
    if (!isDeepStrictEqual(a[key], b[key])) return `${base}/${key}`;
  }
  return undefined;
}

function invalid(pointer: string, detail: string): StatementPatchError {
  return new StatementPatchError(422, '', `The patched statement's ${pointer} ${detail}.`);
}

function labelsOf(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isObj(value)) throw invalid('/metadata/labels', 'must be an object of strings');
  const entries = Object.entries(value);
  if (entries.length > MAX_LABELS) throw invalid('/metadata/labels', `may hold at most ${MAX_LABELS} labels`);
  for (const [k, v] of entries) {
    if (typeof v !== 'string' || v.length > 255 || k.length > 253) {
      throw invalid(`/metadata/labels/${k}`, 'must be a string of at most 255 characters, under a key of at most 253');
    }
  }
  return value as Record<string, string>;
}

function baselineOf(scaling: unknown): number | null {
  if (scaling === undefined) return null;
  const keys = isObj(scaling) ? Object.keys(scaling) : [];
  if (!isObj(scaling) || keys.some((k) => k !== 'baseline_cfu')) {
    throw invalid('/spec/scaling', 'may hold baseline_cfu only');
  }
  const cfu = scaling.baseline_cfu;
  if (cfu === undefined) return null;
  if (!Number.isInteger(cfu) || (cfu as number) < 0 || (cfu as number) > 50) {
    throw invalid('/spec/scaling/baseline_cfu', 'must be an integer from 0 to 50');
  }
  return cfu as number;
}

function text(value: unknown, pointer: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw invalid(pointer, `must be a string of 1 to ${max} characters`);
  }
  return value;
}

/**
 * Applies `operations` to `current` (the statement as GET shows it) and says what changes. A
 * failing TEST is 409 (the statement is not as the client expected, e.g. its resource_version
 * moved on); an op that cannot apply, or a change of anything not in PATCHABLE, is 422.
 */
export function decideStatementPatch(current: Obj, operations: readonly JsonPatchOperation[]): StatementEdit {
  assertReferencesSetDirectly(operations);
  let patched: unknown;
  try {
    patched = applyJsonPatch(current, operations);
  } catch (e) {
    if (!(e instanceof JsonPatchError)) throw e;
    throw new StatementPatchError(e.kind === 'test' ? 409 : 422, `/${e.index}`, e.message);
  }
  if (!isObj(patched) || !isObj(patched.spec) || !isObj(patched.metadata)) {
    throw new StatementPatchError(
      422,
      '',
      `The patch must leave a statement with spec and metadata; ${WHAT_MAY_CHANGE}.`,
    );
  }
  const spec = current.spec as Obj;
  const metadata = current.metadata as Obj;
  const changed =
    firstDifference(current, patched, '', ['spec', 'metadata']) ??
    firstDifference(metadata, patched.metadata, '/metadata', ['labels']) ??
    firstDifference(spec, patched.spec, '/spec', ['stopped', 'compute_pool_id', 'principal', 'scaling']);
  if (changed) throw new StatementPatchError(422, '', `${changed} cannot be changed; ${WHAT_MAY_CHANGE}.`);
  if (typeof patched.spec.stopped !== 'boolean') throw invalid('/spec/stopped', 'must be true or false');
  return {
    stopped: patched.spec.stopped,
    computePoolId: text(patched.spec.compute_pool_id, '/spec/compute_pool_id', 255),
    principal: text(patched.spec.principal, '/spec/principal', 1024),
    labels: labelsOf(patched.metadata.labels),
    baselineCfu: baselineOf(patched.spec.scaling),
  };
}
