/**
 * Autopilot: how many CFUs a running statement should hold, decided from its recent metric
 * samples. Pure: the scheduler's control loop (apps/scheduler autopilot) reads the samples and
 * limits and carries out the decision.
 *
 * Policy (docs/autopilot.md):
 * - Signals are judged over a window of samples taken at the current CFUs since the last
 *   rescale. A signal counts only when every sample of the window shows it ("sustained"), so a
 *   burst or one noisy sample never rescales.
 * - Scale up when the backlog (pending records) stays above `lagRecords` and does not drain
 *   within `drainSeconds` at its current trend, or when the busiest task stays saturated
 *   (busy + back-pressured time ≥ `busyHigh`) with a backlog.
 * - Scale down when the backlog stays near zero (≤ `idleLagRecords`) and the busiest task stays
 *   below `busyLow`. The gap between `busyLow` and `busyHigh` is the hysteresis.
 * - After a decision nothing changes for `cooldownMs` (the rescale and its catch-up).
 * - Bounds: at least 1 CFU, at most the smallest of the CFUs the pool has free (plus those held),
 *   the source's partition count, and the per-statement cap.
 * - Fair sharing: while other statements of the pool wait for CFUs, no statement scales up, and
 *   one holding more than its fair share (max_cfu over running + waiting statements, at least
 *   1) is scaled down to it, so waiting statements are admitted instead of starving.
 */

export const SCALING_STATES = ['OK', 'PENDING_SCALE_UP', 'PENDING_SCALE_DOWN', 'POOL_EXHAUSTED'] as const;
export type ScalingStateName = (typeof SCALING_STATES)[number];

/** One metric sample of a running statement, as the engine workers report it. */
export interface AutopilotSample {
  /** Epoch milliseconds. */
  at: number;
  /** Records the sources have not read yet (Kafka consumer lag). */
  pendingRecords: number;
  /** Records read and written since the job started (counters). */
  recordsIn: number;
  recordsOut: number;
  /** Busy and back-pressured share of the busiest task, 0..1; null when the engine did not report them. */
  busyRatio: number | null;
  backPressuredRatio: number | null;
  /** CFUs the statement ran with when sampled. */
  cfu: number;
}

export interface AutopilotLimits {
  /** CFUs of the pool not held by any statement. */
  poolFreeCfu: number;
  /** The pool's max_cfu. */
  poolMaxCfu: number;
  /** Statements of the pool holding CFUs, this one included. */
  runningStatements: number;
  /** Statements of the pool waiting for CFUs (POOL_EXHAUSTED). */
  waitingStatements: number;
  /** Partitions of the statement's widest source topic, when known: more parallelism is idle. */
  sourcePartitions: number | null;
  /** Optional per-statement cap. */
  maxStatementCfu: number | null;
}

export interface AutopilotMemory {
  /** When the last rescale was decided (epoch ms), if any. */
  lastDecisionAt: number | null;
}

export interface AutopilotSettings {
  /** Span of samples a signal must hold over. */
  windowMs: number;
  /** Fewest samples in the window for any decision. */
  minSamples: number;
  /** Quiet time after a decision. */
  cooldownMs: number;
  /** Backlog above which the statement is lagging. */
  lagRecords: number;
  /** Backlog at or below which the statement is idle. */
  idleLagRecords: number;
  /** A backlog that drains within this many seconds at its trend needs no more CFUs. */
  drainSeconds: number;
  busyHigh: number;
  busyLow: number;
  /** Utilisation a scale-down aims at (of the busiest task). */
  targetBusy: number;
}

export const DEFAULT_AUTOPILOT_SETTINGS: AutopilotSettings = {
  windowMs: 180_000,
  minSamples: 3,
  cooldownMs: 300_000,
  lagRecords: 1000,
  idleLagRecords: 10,
  drainSeconds: 120,
  busyHigh: 0.8,
  busyLow: 0.2,
  targetBusy: 0.5,
};

export interface ScalingDecision {
  targetCfu: number;
  state: ScalingStateName;
  /** Why, in a sentence (the statement's detail while a rescale is pending). */
  reason: string;
}

/** The largest CFUs the statement may hold, and whether the pool is what binds. */
export function scalingCeiling(cfu: number, limits: AutopilotLimits): { ceiling: number; poolBound: boolean } {
  const caps = [limits.sourcePartitions, limits.maxStatementCfu].filter((c): c is number => c !== null && c > 0);
  const other = Math.max(1, Math.min(...caps, Number.POSITIVE_INFINITY));
  // While statements wait, the pool's CFUs go to them first.
  const pool = limits.waitingStatements > 0 ? cfu : cfu + Math.max(0, limits.poolFreeCfu);
  return { ceiling: Math.max(1, Math.min(other, pool)), poolBound: pool < other };
}

/** The fair share of a contended pool: its max_cfu over the statements running and waiting in it. */
export function fairShareCfu(limits: AutopilotLimits): number {
  const wanting = limits.runningStatements + limits.waitingStatements;
  return Math.max(1, Math.floor(limits.poolMaxCfu / Math.max(1, wanting)));
}

function rate(first: AutopilotSample, last: AutopilotSample, pick: (s: AutopilotSample) => number): number {
  const seconds = (last.at - first.at) / 1000;
  return seconds > 0 ? (pick(last) - pick(first)) / seconds : 0;
}

/** Busy plus back-pressured share of a sample's busiest task, or null when unknown. */
function load(s: AutopilotSample): number | null {
  if (s.busyRatio === null && s.backPressuredRatio === null) return null;
  return Math.min(1, (s.busyRatio ?? 0) + (s.backPressuredRatio ?? 0));
}

export function decideScaling(
  samples: readonly AutopilotSample[],
  cfu: number,
  limits: AutopilotLimits,
  memory: AutopilotMemory,
  now: number,
  settings: AutopilotSettings = DEFAULT_AUTOPILOT_SETTINGS,
): ScalingDecision {
  const hold = (state: ScalingStateName, reason: string): ScalingDecision => ({ targetCfu: cfu, state, reason });
  const { ceiling, poolBound } = scalingCeiling(cfu, limits);
  const share = fairShareCfu(limits);
  if (memory.lastDecisionAt !== null && now - memory.lastDecisionAt < settings.cooldownMs) {
    return hold('OK', 'Cooling down after the last rescale.');
  }
  if (limits.waitingStatements > 0 && cfu > share) {
    return {
      targetCfu: share,
      state: 'PENDING_SCALE_DOWN',
      reason: `Other statements wait for CFUs in the pool: scaling down to the fair share of ${share} CFU.`,
    };
  }
  // Only samples at the current CFUs and since the last decision speak for the current size.
  const since = Math.max(now - settings.windowMs, memory.lastDecisionAt ?? 0);
  const window = samples.filter((s) => s.at >= since && s.at <= now && s.cfu === cfu).sort((a, b) => a.at - b.at);
  const first = window[0];
  const last = window[window.length - 1];
  if (window.length < settings.minSamples || last.at - first.at < settings.windowMs / 2) {
    return hold('OK', 'Not enough recent metrics to judge the load yet.');
  }
  const loads = window.map(load);
  const known = loads.every((l) => l !== null);
  const lagging = window.every((s) => s.pendingRecords > settings.lagRecords);
  const lagRate = rate(first, last, (s) => s.pendingRecords);
  const drains = lagRate < 0 && last.pendingRecords / -lagRate <= settings.drainSeconds;
  const saturated =
    known && loads.every((l) => l! >= settings.busyHigh) && last.pendingRecords > settings.idleLagRecords;
  if ((lagging && !drains) || saturated) {
    if (ceiling <= cfu) {
      return poolBound
        ? hold('POOL_EXHAUSTED', 'The statement needs more CFUs than its compute pool has free.')
        : hold('OK', `The statement runs at its largest useful parallelism (${cfu}).`);
    }
    // Enough CFUs to take the arrival rate and drain the backlog in drainSeconds, at the
    // throughput per CFU seen so far; at least one more.
    const inRate = rate(first, last, (s) => s.recordsIn);
    const arrival = inRate + Math.max(0, lagRate);
    const needed =
      inRate > 0 ? Math.ceil((cfu * (arrival + last.pendingRecords / settings.drainSeconds)) / inRate) : cfu * 2;
    const target = Math.min(ceiling, Math.max(cfu + 1, needed));
    return {
      targetCfu: target,
      state: 'PENDING_SCALE_UP',
      reason: saturated
        ? `Its tasks are saturated: scaling up from ${cfu} to ${target} CFU.`
        : `Its backlog of ${Math.round(last.pendingRecords)} records does not drain: scaling up from ${cfu} to ${target} CFU.`,
    };
  }
  const idle =
    cfu > 1 &&
    window.every((s) => s.pendingRecords <= settings.idleLagRecords) &&
    (!known || loads.every((l) => l! <= settings.busyLow));
  if (idle) {
    const peak = known ? Math.max(...loads.map((l) => l!)) : 0;
    const target = Math.max(1, Math.min(cfu - 1, Math.ceil((cfu * peak) / settings.targetBusy)));
    return {
      targetCfu: target,
      state: 'PENDING_SCALE_DOWN',
      reason: `It keeps up with its input using little of its CFUs: scaling down from ${cfu} to ${target} CFU.`,
    };
  }
  return hold('OK', 'The statement keeps up with its input.');
}
