/**
 * StatementEvents: how an engine worker's report changes a statement's observed state. Reports
 * arrive at least once and possibly out of order (Kafka, retries), so each carries a
 * per-statement sequence number: anything not newer than the last applied one is ignored.
 */
import { CFU_CONSUMING_PHASES, STATEMENT_PHASES, type StatementPhase } from './statement-lifecycle';

/** DELETED is the worker's last word on a statement: the control plane removes the row. */
export const REPORTED_PHASES = [...STATEMENT_PHASES, 'DELETED'] as const;
export type ReportedPhase = (typeof REPORTED_PHASES)[number];

export interface ReportedEvent {
  seq: number;
  at: Date;
  phase: ReportedPhase;
  detail?: string;
  flinkJobId?: string;
  savepointPath?: string;
  cfu?: number;
  sqlKind?: string;
}

export interface ObservedState {
  phase: StatementPhase;
  stopped: boolean;
  lastEventSeq: number;
  startTime: Date | null;
}

export type EventDecision =
  | { kind: 'ignore'; reason: string }
  | { kind: 'remove' }
  | {
      kind: 'update';
      phase: StatementPhase;
      detail?: string;
      flinkJobId?: string;
      savepointPath?: string;
      cfu: number;
      startTime?: Date;
      endTime?: Date | null;
      sqlKind?: string;
    };

const ENDED: readonly StatementPhase[] = ['COMPLETED', 'FAILED', 'STOPPED'];
/** Phases the API set on a change of desired state; only the engine's answer to it may leave them. */
const REQUESTED: readonly StatementPhase[] = ['STOPPING', 'DELETING'];

export function decideEvent(current: ObservedState, event: ReportedEvent): EventDecision {
  if (event.seq <= current.lastEventSeq) return { kind: 'ignore', reason: 'stale or duplicate' };
  if (event.phase === 'DELETED') return { kind: 'remove' };
  // COMPLETED is final (a completed statement cannot be resumed): a late report of another phase
  // from another observer of the same job, e.g. a watcher that saw the query's collector already
  // gone, is noise. A newer COMPLETED report may still correct the details.
  if (current.phase === 'COMPLETED' && event.phase !== 'COMPLETED') {
    return { kind: 'ignore', reason: 'the statement completed' };
  }
  // A late "running" from before a stop or delete request keeps the requested phase (the job id
  // is still worth recording): the STOPPED or DELETED answer follows.
  const keepRequested = REQUESTED.includes(current.phase) && !ENDED.includes(event.phase);
  const phase = keepRequested ? current.phase : event.phase;
  const running = CFU_CONSUMING_PHASES.includes(phase) || (keepRequested && event.phase === 'RUNNING');
  return {
    kind: 'update',
    phase,
    detail: keepRequested ? undefined : event.detail,
    flinkJobId: event.flinkJobId,
    savepointPath: event.savepointPath,
    cfu: running ? Math.max(1, event.cfu ?? 1) : 0,
    // Duration counts from the first report that the statement runs (or finished at once).
    startTime: current.startTime === null && phase !== 'PENDING' ? event.at : undefined,
    endTime: ENDED.includes(phase) ? event.at : phase === 'RUNNING' ? null : undefined,
    sqlKind: event.sqlKind,
  };
}
