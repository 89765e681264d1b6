import { appendFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';

/**
 * The hops a statement's start, stop or resume passes through, in order, across the scheduler
 * and the worker. Where the latency of a start goes is read from them (scripts/bench.sh engine).
 */
export type Hop =
  /** Scheduler: the outbox notification (or timer) that began the pass handling the command. */
  | 'woken'
  /** Scheduler: a start admitted and its job enqueued (committed with the admission). */
  | 'admitted'
  /** Scheduler: a stop or delete enqueued onto its pool's queue. */
  | 'relayed'
  /** Worker: the command's job taken from the queue. */
  | 'picked'
  /** Worker: the start's lease and claim held (jobs left by an unrecorded start are ended before it submits). */
  | 'claimed'
  /** Worker: a SQL Gateway session ready for the statement. */
  | 'session'
  /** Worker: the statement's catalog and tables set up in it. */
  | 'catalog'
  /** Worker: the statement planned and its principal's rights checked. */
  | 'rights'
  /** Worker: Flink returned the job id. */
  | 'submitted'
  /** Worker: a stop's read of the job's source offsets (Flink's metrics) done. */
  | 'offsets'
  /** Worker: a stop's savepoint taken (or the job found ended). */
  | 'savepoint'
  /** Worker: the outcome (RUNNING, STOPPED …) published as a statement event. */
  | 'published'
  /** Scheduler: that event applied to the statement's row. */
  | 'applied';

const logger = new Logger('Hops');
let traceFile: string | null = null;

/** Appends each hop as a JSON line to `file` too (CFLINK_HOP_TRACE_FILE); null: debug log only. */
export function traceHopsTo(file: string | null): void {
  traceFile = file;
}

/** Notes that statement `uid` reached `hop` at `at` (epoch ms, default now). */
export function hop(uid: string, name: Hop, at = Date.now()): void {
  logger.debug(`statement ${uid}: ${name} at ${at}`);
  if (traceFile) appendFileSync(traceFile, `${JSON.stringify({ uid, hop: name, at })}\n`);
}
