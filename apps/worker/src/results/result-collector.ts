import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PrismaService, type Statement } from '#db';
import { gatewaySessionLost, LOST_SESSION_DETAIL, redactKafkaSecrets, type SqlKind } from '#domain';
import { EngineError, FlinkRestClient, SqlGatewayClient, type ColumnInfo } from '#engine';
import { EventPublisher } from '../events/event-publisher';
import { cursorOf, ResultCursors, type ResultCursor } from './result-cursors';
import { schemaTraits, type EngineRow } from './result-writer';

export interface OpenQuery {
  statementUid: string;
  jobId: string;
  session: string;
  operation: string;
  columns?: ColumnInfo[];
  /** Rows read before the job id showed up. */
  rows: EngineRow[];
  /** Gateway URI of the next page; undefined when the results ended. */
  next?: string;
}

interface Serving {
  uid: string;
  jobId: string;
  sqlKind: SqlKind;
  cursor: ResultCursor;
  /** Idle time counts from here when no client has read yet. */
  startedAt: number;
  /** Set to stop fetching: `stop` ends the query on the gateway (a client's stop), `handOver` leaves it to another worker. */
  halt: 'stop' | 'handOver' | null;
  done: Promise<void>;
  /** Settles once the query's RUNNING event is out: the collector's own events come after it. */
  announced: Promise<void>;
  heartbeatAt: number;
}

/** How a collection ended: with an event of its own (the query's end), or quietly. */
type Ending = 'reported' | 'quiet';

const ENDED_MEMORY_MS = 5 * 60_000;
/** A paused collector (and a worker that sees an unserved query) heartbeats its gateway session this often. */
const HEARTBEAT_MS = 30_000;
/** How long the gateway may be unreachable before the query fails. */
const UNREACHABLE_MS = 60_000;
const PHASES_SERVED = ['PENDING', 'RUNNING', 'DEGRADED'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Foreground queries: reads a running SELECT's results from the SQL Gateway into PostgreSQL
 * until they end (COMPLETED), a client stops it, or nobody has read its results for the idle
 * limit (stopped, as Confluent auto-stops unread foreground statements). It stops fetching
 * while more than the buffer limit of rows wait unread, which back-pressures the Flink job.
 * The cursor lives in PostgreSQL (ResultCursors): when this worker stops, the worker that takes
 * the statement's lease continues from it (`adopt`); only a lost gateway session ends the query.
 */
@Injectable()
export class ResultCollector implements OnModuleDestroy {
  private readonly logger = new Logger(ResultCollector.name);
  private readonly gateway: SqlGatewayClient;
  private readonly flink: FlinkRestClient;
  private readonly running = new Map<string, Serving>();
  /** Queries whose end this worker reported lately, by time: that event may not be applied yet. */
  private readonly ended = new Map<string, number>();
  /** Sessions of queries this worker does not serve, by last heartbeat. */
  private readonly keptAlive = new Map<string, number>();

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly cursors: ResultCursors,
    private readonly events: EventPublisher,
  ) {
    this.gateway = new SqlGatewayClient(config.engine.sqlGatewayUrl);
    this.flink = new FlinkRestClient(config.engine.flinkRestUrl);
  }

  has(uid: string): boolean {
    return this.running.has(uid);
  }

  /** Whether this worker serves the query or reported its end within the last few minutes. */
  served(uid: string): boolean {
    const now = Date.now();
    for (const [id, at] of this.ended) if (now - at > ENDED_MEMORY_MS) this.ended.delete(id);
    return this.running.has(uid) || this.ended.has(uid);
  }

  /**
   * Stores the new query's cursor, then collects. Called before the query's RUNNING event is
   * published (so the job watcher never finds a RUNNING query without a cursor); `announced`
   * settles once that event is out, and the collector's own COMPLETED, STOPPED or FAILED waits
   * for it, so it is never overtaken.
   */
  async start(query: OpenQuery, sqlKind: SqlKind, announced: Promise<void> = Promise.resolve()): Promise<void> {
    const at = {
      session: query.session,
      operation: query.operation,
      next: query.next ?? null,
      columns: query.columns ?? null,
    };
    let cursor: ResultCursor | null;
    try {
      cursor = await this.cursors.begin(query.statementUid, at, query.rows);
      if (!cursor) throw new Error('the statement was deleted');
    } catch (e) {
      await this.close(at);
      throw e;
    }
    this.serve({ uid: query.statementUid, jobId: query.jobId, sqlKind, cursor, startedAt: Date.now(), announced });
  }

  /**
   * Continues a running query whose worker stopped, from its stored cursor; false when it has
   * none (its worker stopped before storing one). A cursor at its end whose COMPLETED was never
   * reported is reported now.
   */
  async adopt(row: Statement): Promise<boolean> {
    const cursor = cursorOf(row);
    if (!cursor || !row.flinkJobId) return false;
    this.logger.log(`continuing the results of ${row.name} (${row.uid}) after row ${cursor.seq}`);
    this.serve({
      uid: row.uid,
      jobId: row.flinkJobId,
      sqlKind: 'SELECT',
      cursor,
      startedAt: row.startTime?.getTime() ?? Date.now(),
      announced: Promise.resolve(),
    });
    return true;
  }

  /** Stops fetching without ending the query: another worker continues it (lease lost, shutdown). */
  async handOver(uid: string): Promise<void> {
    const entry = this.running.get(uid);
    if (!entry) return;
    entry.halt ??= 'handOver';
    await entry.done;
  }

  async handOverAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((uid) => this.handOver(uid)));
  }

  /** Ends a query on a client's stop or delete; its job is cancelled with the operation. */
  async stop(uid: string): Promise<void> {
    const entry = this.running.get(uid);
    if (!entry) return;
    entry.halt = 'stop';
    await this.close(entry.cursor);
    await entry.done;
  }

  /** Ends the gateway side of a query another worker (or none) serves, from its stored cursor. */
  async closeStored(uid: string): Promise<void> {
    const cursor = await this.cursors.load(uid);
    if (cursor) await this.close(cursor);
  }

  /**
   * Heartbeats the gateway session of a running query this worker does not serve, so it
   * outlives a dead worker until another one takes the query over.
   */
  keepAlive(row: Statement): void {
    if (!row.resultSession || this.running.has(row.uid)) return;
    const now = Date.now();
    for (const [id, at] of this.keptAlive) if (now - at > 2 * HEARTBEAT_MS) this.keptAlive.delete(id);
    if (now - (this.keptAlive.get(row.uid) ?? 0) < HEARTBEAT_MS) return;
    this.keptAlive.set(row.uid, now);
    void this.gateway.heartbeat(row.resultSession).catch(() => undefined);
  }

  private serve(s: Omit<Serving, 'halt' | 'done' | 'heartbeatAt'>): void {
    const entry: Serving = { ...s, halt: null, done: Promise.resolve(), heartbeatAt: Date.now() };
    entry.done = this.collect(entry)
      .catch((e: Error) => this.failed(entry, e))
      .then((ending) => {
        if (ending === 'reported') this.ended.set(entry.uid, Date.now());
      })
      .catch((e: Error) => this.logger.warn(`results of ${entry.uid}: ${redactKafkaSecrets(e.message)}`))
      .finally(() => this.running.delete(entry.uid));
    this.running.set(entry.uid, entry);
  }

  private async close(at: { session: string; operation: string }): Promise<void> {
    await this.gateway.cancel(at.session, at.operation).catch(() => undefined);
    await this.gateway.closeSession(at.session).catch(() => undefined);
  }

  /** One of the query's own events, after its RUNNING event. */
  private async publish(entry: Serving, event: Parameters<EventPublisher['publish']>[1]): Promise<void> {
    await entry.announced.catch(() => undefined);
    await this.events.publish(entry.uid, event);
  }

  /** Whether the query is still this collector's: its cursor unmoved, the statement running and not stopped. */
  private async stillOurs(entry: Serving): Promise<boolean> {
    const row = await this.prisma.statement.findUnique({ where: { uid: entry.uid } });
    const stored = row ? cursorOf(row) : null;
    return (
      !!row &&
      !row.stopped &&
      PHASES_SERVED.includes(row.phase) &&
      stored?.operation === entry.cursor.operation &&
      stored.seq === entry.cursor.seq &&
      stored.next === entry.cursor.next
    );
  }

  private async failed(entry: Serving, e: Error): Promise<Ending> {
    if (entry.halt) return 'quiet';
    // Another worker went on with the query, or it was stopped or deleted: not this one's to report.
    if (!(await this.stillOurs(entry))) return 'quiet';
    const lost = gatewaySessionLost(e.message);
    this.logger.warn(`results of ${entry.uid}: ${redactKafkaSecrets(e.message)}`);
    await this.close(entry.cursor);
    if (lost) await this.flink.cancel(entry.jobId).catch(() => undefined);
    await this.publish(entry, {
      phase: 'FAILED',
      detail: lost ? LOST_SESSION_DETAIL : e.message,
      cfu: 0,
      sqlKind: entry.sqlKind,
    });
    return 'reported';
  }

  /** Heartbeats the session while the collector waits, so a long pause does not expire it. */
  private async heartbeat(entry: Serving): Promise<void> {
    if (Date.now() - entry.heartbeatAt < HEARTBEAT_MS) return;
    entry.heartbeatAt = Date.now();
    await this.gateway.heartbeat(entry.cursor.session);
  }

  private async collect(entry: Serving): Promise<Ending> {
    const { idleStopMs, bufferRows } = this.config.worker.results;
    let checkedAt = 0;
    let readSeq = 0n;
    let emptyPolls = 0;
    let unreachableSince: number | null = null;
    while (entry.cursor.next && !entry.halt) {
      if (Date.now() - checkedAt > 1000) {
        checkedAt = Date.now();
        const s = await this.prisma.statement.findUnique({
          where: { uid: entry.uid },
          select: { resultsReadAt: true, resultsReadSeq: true, stopped: true, phase: true },
        });
        if (!s || s.stopped || !PHASES_SERVED.includes(s.phase)) {
          // Stopped, deleted or ended elsewhere: the command that did it reports.
          await this.close(entry.cursor);
          return 'quiet';
        }
        readSeq = s.resultsReadSeq;
        const readAt = Math.max(entry.startedAt, s.resultsReadAt?.getTime() ?? 0);
        if (Date.now() - readAt > idleStopMs) {
          entry.halt = 'stop';
          await this.close(entry.cursor);
          await this.publish(entry, {
            phase: 'STOPPED',
            detail: `Stopped automatically: no client read its results for ${Math.round(idleStopMs / 1000)} s.`,
            cfu: 0,
            sqlKind: entry.sqlKind,
          });
          return 'reported';
        }
      }
      if (entry.cursor.seq - readSeq >= BigInt(bufferRows)) {
        await this.heartbeat(entry);
        await sleep(200);
        continue;
      }
      const { session, operation, next } = entry.cursor;
      let page;
      try {
        page = await this.gateway.fetch(session, operation, next);
        unreachableSince = null;
      } catch (e) {
        // Unreachable is not lost: the same token is fetched again once the gateway answers.
        const unreachable = e instanceof EngineError && e.status === undefined;
        if (!unreachable || Date.now() - (unreachableSince ??= Date.now()) > UNREACHABLE_MS) throw e;
        await sleep(1000);
        continue;
      }
      if (entry.halt) break;
      const rows = page.results?.data ?? [];
      const columns = page.results?.columns.length ? page.results.columns : entry.cursor.columns;
      const following = page.nextResultUri ?? null;
      if (following !== next || rows.length > 0) {
        const moved = await this.cursors.advance(entry.uid, entry.cursor, rows, following, columns);
        if (!moved) return 'quiet'; // another worker continued from here
        entry.cursor = moved;
      }
      if (page.resultType === 'NOT_READY' || rows.length === 0) {
        // Empty pages move the cursor too: poll them less often the longer they stay empty.
        emptyPolls += 1;
        await sleep(Math.min(200 * emptyPolls, 1000));
      } else {
        emptyPolls = 0;
      }
    }
    if (entry.halt) return 'quiet';
    await this.close(entry.cursor);
    await this.publish(entry, {
      phase: 'COMPLETED',
      detail: '',
      cfu: 0,
      sqlKind: entry.sqlKind,
      traits: { is_bounded: true, ...schemaTraits(entry.cursor.columns ?? undefined) },
    });
    return 'reported';
  }

  async onModuleDestroy(): Promise<void> {
    // Queries go on: the worker that takes each lease continues from the stored cursor.
    await this.handOverAll();
  }
}
