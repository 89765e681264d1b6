import { sqlKind, type SqlKind } from '../sql-kind';
import { declaredProperties, withoutCarryOverHints } from './carry-over';
import type { EvolutionStrategy } from './stack-schema';

/**
 * What applying a stack does to one statement: the rules of docs/declarative.md ("Statement
 * evolution"). The SQL text and the properties of a statement are immutable (Confluent's
 * semantics), so changing either is a replacement; `stopped` is a stop or resume; the compute
 * pool and principal change only together with a resume. A replacement keeps the data promise the
 * plan states: carry-over offsets only for a stateless statement, as decided from Flink's plan.
 */

export interface DesiredStatement {
  sql: string;
  properties: Readonly<Record<string, string>>;
  /** Null when the pool does not exist yet (it is created by the same apply). */
  computePoolId: string | null;
  /** Undefined: whatever the server chose (the applying key's owner). */
  principal?: string;
  stopped: boolean;
  evolution: EvolutionStrategy;
}

export interface LiveStatement {
  /** The name on the server: the stack's name, or `<name>-v<generation>` after a replacement. */
  serverName: string;
  generation: number;
  sql: string;
  properties: Readonly<Record<string, string>>;
  computePoolId: string;
  principal: string;
  stopped: boolean;
  phase: string;
  detail?: string;
}

/** Whether the new SQL keeps state between records, decided from Flink's plan of it. */
export type Statefulness =
  { kind: 'stateless' } | { kind: 'stateful'; reasons: readonly string[] } | { kind: 'unknown'; why: string };

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export type ReplaceStrategy = 'carry-over-offsets' | 'reprocess' | 'recreate';

export type StatementDecision =
  | { action: 'create'; changes: FieldChange[] }
  | { action: 'noop'; changes: FieldChange[] }
  | { action: 'stop'; changes: FieldChange[]; reason?: string }
  | { action: 'resume'; changes: FieldChange[]; reason?: string }
  /** Running, and the pool or principal changes: stop with a savepoint, resume with the change. */
  | { action: 'restart'; changes: FieldChange[]; reason: string }
  | { action: 'replace'; changes: FieldChange[]; strategy: ReplaceStrategy; reason: string; steps: string[] }
  | { action: 'refuse'; changes: FieldChange[]; reason: string }
  /** A replacement whose strategy depends on Flink's plan of the new SQL: ask for it and decide again. */
  | { action: 'needs-plan'; changes: FieldChange[] };

const ONE_SHOT_KINDS: readonly SqlKind[] = [
  'CREATE_TABLE',
  'ALTER_TABLE',
  'DROP_TABLE',
  'SHOW',
  'DESCRIBE',
  'EXPLAIN',
  'USE',
];
const CONTINUOUS_KINDS: readonly SqlKind[] = ['INSERT_INTO', 'EXECUTE_STATEMENT_SET'];

/**
 * SQL compared as the engine sees it: surrounding whitespace and a final `;` do not count, nor do
 * the scan hints an earlier cflink's carry-over added.
 */
export function normalizeSql(sql: string): string {
  return withoutCarryOverHints(sql).trim().replace(/;\s*$/, '').trim();
}

function sameProperties(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return (
    ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k])
  );
}

/** The server name of a statement's generation: the first keeps the stack's name. */
export function generationName(name: string, generation: number): string {
  return generation <= 1 ? name : `${name}-v${generation}`;
}

function fieldChanges(desired: DesiredStatement, live: LiveStatement): FieldChange[] {
  const changes: FieldChange[] = [];
  if (normalizeSql(desired.sql) !== normalizeSql(live.sql))
    changes.push({ field: 'sql', from: live.sql, to: desired.sql });
  const liveProperties = declaredProperties(live.properties, live.generation, desired.properties);
  if (!sameProperties(desired.properties, liveProperties)) {
    changes.push({ field: 'properties', from: liveProperties, to: desired.properties });
  }
  if (desired.computePoolId !== live.computePoolId) {
    changes.push({
      field: 'compute_pool',
      from: live.computePoolId,
      to: desired.computePoolId ?? '(created by this apply)',
    });
  }
  if (desired.principal !== undefined && desired.principal !== live.principal) {
    changes.push({ field: 'principal', from: live.principal, to: desired.principal });
  }
  if (desired.stopped !== live.stopped) changes.push({ field: 'stopped', from: live.stopped, to: desired.stopped });
  return changes;
}

function replaceSteps(strategy: ReplaceStrategy, live: LiveStatement, next: string): string[] {
  const old = live.serverName;
  switch (strategy) {
    case 'carry-over-offsets':
      return [
        live.stopped || live.phase === 'STOPPED'
          ? `${old} is stopped already`
          : `stop ${old} with a savepoint and wait for STOPPED`,
        `create ${next} with sql.tables.initial-offset-from=${old}: it reads each table from the offset ${old} stopped at (its status.latest_offsets); tables ${old} had not read start from their own startup mode`,
        `wait for ${next} to be RUNNING`,
        `delete ${old}`,
      ];
    case 'reprocess':
      return [
        `create ${next} from each table's startup mode (earliest by default), while ${old} keeps running`,
        `wait for ${next} to be RUNNING`,
        `stop ${old} with a savepoint and delete it`,
      ];
    case 'recreate':
      return [`delete ${old}`, `create it again with the new SQL`];
  }
}

function replace(
  strategy: ReplaceStrategy,
  live: LiveStatement,
  name: string,
  reason: string,
  changes: FieldChange[],
): StatementDecision {
  const next = strategy === 'recreate' ? live.serverName : generationName(name, live.generation + 1);
  return { action: 'replace', strategy, reason, changes, steps: replaceSteps(strategy, live, next) };
}

const FOR_STATEFUL =
  'Set evolution: reprocess to start the new version from the earliest offsets next to the old one (blue/green: write it into a new output table, switch readers once it caught up), or give the changed statement a new name.';

/** Decides the change of a statement whose SQL or properties differ. */
function decideReplacement(
  name: string,
  desired: DesiredStatement,
  live: LiveStatement,
  changes: FieldChange[],
  statefulness: Statefulness | undefined,
): StatementDecision {
  const what = changes.some((c) => c.field === 'sql') ? 'sql' : 'properties';
  const kind = sqlKind(desired.sql);
  const liveKind = sqlKind(live.sql);
  if (live.phase === 'FAILED' && (ONE_SHOT_KINDS.includes(liveKind) || liveKind === 'CREATE_TABLE_AS')) {
    return replace(
      'recreate',
      live,
      name,
      `${live.serverName} FAILED, so its ${what} can be changed by running it again`,
      changes,
    );
  }
  if (ONE_SHOT_KINDS.includes(liveKind) || liveKind === 'CREATE_TABLE_AS' || kind === 'CREATE_TABLE_AS') {
    return {
      action: 'refuse',
      changes,
      reason: `${name} is a ${liveKind === 'OTHER' ? 'statement' : liveKind.replace(/_/g, ' ')} statement that has run already: changing its ${what} would not change the table. Add a new statement (e.g. ALTER TABLE) instead, or delete and re-create the table.`,
    };
  }
  if (liveKind === 'SELECT' || kind === 'SELECT' || kind === 'OTHER') {
    return replace('recreate', live, name, `a query keeps no data worth carrying over; its ${what} changed`, changes);
  }
  if (desired.stopped) {
    return {
      action: 'refuse',
      changes,
      reason: `${name}'s ${what} changes while it is declared stopped: a replacement starts the new version, so change the ${what} with stopped: false (or delete the statement).`,
    };
  }
  if (!CONTINUOUS_KINDS.includes(kind)) {
    return { action: 'refuse', changes, reason: `${name} cannot be replaced by a ${kind} statement.` };
  }
  if (desired.evolution === 'reprocess') {
    return replace(
      'reprocess',
      live,
      name,
      `${what} is immutable; evolution: reprocess rebuilds the new version's state from the start of its tables`,
      changes,
    );
  }
  if (statefulness === undefined) return { action: 'needs-plan', changes };
  if (statefulness.kind === 'stateful') {
    return {
      action: 'refuse',
      changes,
      reason: `${name}'s new SQL keeps state (${statefulness.reasons.join('; ')}), so it cannot take over the old version's offsets without losing that state. ${FOR_STATEFUL}`,
    };
  }
  if (statefulness.kind === 'unknown') {
    return {
      action: 'refuse',
      changes,
      reason: `Could not tell whether ${name}'s new SQL keeps state (${statefulness.why}); carry-over offsets are only safe for stateless statements. ${FOR_STATEFUL}`,
    };
  }
  return replace(
    'carry-over-offsets',
    live,
    name,
    `${what} is immutable; the new SQL is stateless, so it continues from the offsets the old version stopped at (no record lost or read twice)`,
    changes,
  );
}

/**
 * The decision for statement `name`: `live` is its current generation on the server (undefined
 * when there is none), `statefulness` Flink's verdict on the desired SQL when it was asked for.
 */
export function decideStatement(
  name: string,
  desired: DesiredStatement,
  live: LiveStatement | undefined,
  statefulness?: Statefulness,
): StatementDecision {
  if (!live) return { action: 'create', changes: [] };
  const changes = fieldChanges(desired, live);
  if (live.phase === 'DELETING') {
    return { action: 'refuse', changes, reason: `${live.serverName} is being deleted; apply again once it is gone.` };
  }
  if (changes.some((c) => c.field === 'sql' || c.field === 'properties')) {
    return decideReplacement(name, desired, live, changes, statefulness);
  }
  const moved = changes.filter((c) => c.field === 'compute_pool' || c.field === 'principal');
  const movedFields = moved.map((c) => c.field).join(' and ');
  if (live.phase === 'COMPLETED') {
    // A finished statement runs nowhere: neither its pool nor its stopped flag means anything any more.
    return { action: 'noop', changes: [] };
  }
  if (desired.stopped) {
    if (moved.length) {
      return {
        action: 'refuse',
        changes,
        reason: `${name}'s ${movedFields} can change only together with a resume (stopped: false), not while it stays stopped.`,
      };
    }
    return live.stopped ? { action: 'noop', changes } : { action: 'stop', changes };
  }
  if (live.stopped) {
    return { action: 'resume', changes, reason: `${live.serverName} is ${live.phase}; the stack declares it running` };
  }
  if (live.phase === 'FAILED') {
    return {
      action: 'resume',
      changes,
      reason: `${live.serverName} FAILED on the server${live.detail ? `: ${live.detail}` : ''}`,
    };
  }
  if (moved.length) {
    return {
      action: 'restart',
      changes,
      reason: `the ${movedFields} of a running statement change by stopping it with a savepoint and resuming it with the new ${movedFields}`,
    };
  }
  return { action: 'noop', changes };
}
