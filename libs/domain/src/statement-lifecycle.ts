/**
 * StatementLifecycle: what a change of desired state (PUT, DELETE, pool deletion) does to a
 * statement's observed phase, and which engine command it needs. Pure, so every rule is tested
 * without servers; the API applies the decision in one transaction with its outbox command.
 */
export const STATEMENT_PHASES = [
  'PENDING',
  'RUNNING',
  'COMPLETED',
  'DELETING',
  'FAILING',
  'FAILED',
  'STOPPING',
  'STOPPED',
  'DEGRADED',
] as const;
export type StatementPhase = (typeof STATEMENT_PHASES)[number];

/** Phases in which a statement uses compute. */
export const CFU_CONSUMING_PHASES: readonly StatementPhase[] = ['RUNNING', 'DEGRADED'];

export const ENGINE_COMMANDS = ['StartStatement', 'StopStatement', 'DeleteStatement'] as const;
export type EngineCommand = (typeof ENGINE_COMMANDS)[number];

export interface StatementState {
  stopped: boolean;
  phase: StatementPhase;
  computePoolId: string;
  principal: string;
  /** True once the scheduler handed the statement to an engine worker. */
  dispatched: boolean;
}

export interface StatementUpdate {
  stopped: boolean;
  /** Omitted = unchanged. */
  computePoolId?: string;
  principal?: string;
}

export interface Transition {
  kind: 'noop' | 'stop' | 'resume';
  stopped: boolean;
  phase: StatementPhase;
  detail?: string;
  computePoolId: string;
  principal: string;
  /** The engine command to enqueue, if any. */
  command?: EngineCommand;
  /** False when the engine has to act first (the phase passes through STOPPING). */
  dispatched: boolean;
}

export interface TransitionRejection {
  status: 409 | 422;
  pointer: string;
  detail: string;
}

export function isRejection(value: Transition | TransitionRejection): value is TransitionRejection {
  return 'status' in value;
}

export function pendingDetail(computePoolId: string): string {
  return `Waiting for the scheduler to admit the statement onto compute pool ${computePoolId}.`;
}

export const STOPPED_DETAIL = 'Statement stopped by request.';

/** The effect of a PUT carrying `update` on a statement in `current`. */
export function decideUpdate(current: StatementState, update: StatementUpdate): Transition | TransitionRejection {
  const computePoolId = update.computePoolId ?? current.computePoolId;
  const principal = update.principal ?? current.principal;
  const poolChanged = computePoolId !== current.computePoolId;
  const principalChanged = principal !== current.principal;
  const changedField = poolChanged ? '/spec/compute_pool_id' : principalChanged ? '/spec/principal' : null;

  if (current.phase === 'DELETING') {
    return { status: 409, pointer: '/spec/stopped', detail: 'The statement is being deleted and cannot be changed.' };
  }

  const resumingFailed = !update.stopped && !current.stopped && current.phase === 'FAILED';
  if (update.stopped === current.stopped && !resumingFailed) {
    if (changedField) {
      return {
        status: 422,
        pointer: changedField,
        detail: `${changedField.slice(1).replace('/', '.')} can change only together with a resume (spec.stopped from true to false).`,
      };
    }
    return { kind: 'noop', ...current };
  }

  if (update.stopped) {
    if (changedField) {
      return {
        status: 422,
        pointer: changedField,
        detail: 'A stop request may change only spec.stopped; change the compute pool or principal when resuming.',
      };
    }
    if (current.phase === 'COMPLETED' || current.phase === 'FAILED') {
      // Nothing runs: record the desired state, keep the terminal phase.
      return { kind: 'stop', ...current, stopped: true };
    }
    if (!current.dispatched) {
      return { kind: 'stop', ...current, stopped: true, phase: 'STOPPED', detail: STOPPED_DETAIL };
    }
    return {
      kind: 'stop',
      ...current,
      stopped: true,
      phase: 'STOPPING',
      detail: 'Stopping: taking a savepoint.',
      command: 'StopStatement',
    };
  }

  // Resume.
  if (current.phase === 'STOPPING') {
    return {
      status: 409,
      pointer: '/spec/stopped',
      detail: 'The statement is still stopping; resume it once its phase is STOPPED.',
    };
  }
  if (current.phase === 'COMPLETED') {
    return { status: 422, pointer: '/spec/stopped', detail: 'A completed statement cannot be resumed.' };
  }
  return {
    kind: 'resume',
    stopped: false,
    phase: 'PENDING',
    detail: pendingDetail(computePoolId),
    computePoolId,
    principal,
    command: 'StartStatement',
    dispatched: false,
  };
}

export interface DeleteDecision {
  /** Remove the row now (nothing runs), or mark it DELETING and let the engine clean up. */
  removeNow: boolean;
  command?: EngineCommand;
}

/** What a delete needs to know beyond the lifecycle state: whether an engine may still hold a job. */
export interface DeleteState extends Pick<StatementState, 'dispatched' | 'phase'> {
  /** A Flink job was recorded for the statement's current or last run. */
  hasJob: boolean;
  /** No claimed start is still submitting a job. */
  startSettled: boolean;
}

/**
 * A statement no engine holds a running job for goes at once: never dispatched, or ended
 * (COMPLETED: DDL, SHOW or a finished bounded job; STOPPED: its job stopped with a savepoint;
 * FAILED before any job was submitted) with no start in flight. Anything else may have a job
 * to cancel, so the engine deletes it.
 */
export function decideDelete(current: DeleteState): DeleteDecision {
  if (!current.dispatched) return { removeNow: true };
  const ended =
    current.phase === 'COMPLETED' || current.phase === 'STOPPED' || (current.phase === 'FAILED' && !current.hasJob);
  if (ended && current.startSettled) return { removeNow: true };
  return { removeNow: false, command: 'DeleteStatement' };
}
