/**
 * PoolAdmission: which PENDING statements of a compute pool may start now. A pool's max_cfu is a
 * hard budget: the CFUs of its running statements never exceed it. Statements are admitted in
 * submission order (fair FIFO): when the head of the queue does not fit, nothing behind it jumps
 * ahead, so a large statement is not starved by a stream of small ones.
 */
export interface AdmissionCandidate {
  uid: string;
  /** CFUs the statement asks to start with (spec.scaling.baseline_cfu), if any. */
  baselineCfu?: number | null;
  /** Upper bound from the engine (e.g. source partitions), if known. */
  maxParallelism?: number | null;
}

export interface PoolBudget {
  maxCfu: number;
  /** CFUs held by the pool's running statements. */
  usedCfu: number;
}

export interface AdmissionResult {
  admitted: { uid: string; cfu: number }[];
  /** Statements left waiting because the pool is exhausted (scaling_state POOL_EXHAUSTED). */
  waiting: string[];
}

/** A running statement holds at least this many CFUs. */
export const MIN_STATEMENT_CFU = 1;

export function admit(pool: PoolBudget, queue: AdmissionCandidate[]): AdmissionResult {
  let free = Math.max(0, pool.maxCfu - pool.usedCfu);
  const admitted: AdmissionResult['admitted'] = [];
  let i = 0;
  for (; i < queue.length; i++) {
    const c = queue[i];
    if (free < MIN_STATEMENT_CFU) break;
    const wanted = Math.max(MIN_STATEMENT_CFU, c.baselineCfu ?? MIN_STATEMENT_CFU);
    const cap = Math.max(MIN_STATEMENT_CFU, c.maxParallelism ?? Number.POSITIVE_INFINITY);
    const cfu = Math.min(wanted, cap, free);
    admitted.push({ uid: c.uid, cfu });
    free -= cfu;
  }
  return { admitted, waiting: queue.slice(i).map((c) => c.uid) };
}
