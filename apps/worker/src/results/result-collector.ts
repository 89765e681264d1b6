import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PrismaService } from '#db';
import { redactKafkaSecrets, type SqlKind } from '#domain';
import { SqlGatewayClient, type ColumnInfo } from '#engine';
import { EventPublisher } from '../events/event-publisher';
import { ResultWriter, schemaTraits, type EngineRow } from './result-writer';

export interface OpenQuery {
  statementUid: string;
  session: string;
  operation: string;
  columns?: ColumnInfo[];
  /** Rows read before the job id showed up. */
  rows: EngineRow[];
  /** Gateway URI of the next page; undefined when the results ended. */
  next?: string;
}

interface Running {
  query: OpenQuery;
  stopping: boolean;
  done: Promise<void>;
  /** Settles once the query's RUNNING event is out: the collector's own events come after it. */
  announced: Promise<void>;
}

const ENDED_MEMORY_MS = 5 * 60_000;

/**
 * Foreground queries: reads a running SELECT's results from the SQL Gateway into PostgreSQL
 * until they end (COMPLETED), a client stops it, or nobody has read its results for the idle
 * limit (stopped, as Confluent auto-stops unread foreground statements). It stops fetching
 * while more than the buffer limit of rows wait unread, which back-pressures the Flink job.
 */
@Injectable()
export class ResultCollector implements OnModuleDestroy {
  private readonly logger = new Logger(ResultCollector.name);
  private readonly gateway: SqlGatewayClient;
  private readonly running = new Map<string, Running>();
  /** Queries whose collector ended here lately, by end time: their final event may not be applied yet. */
  private readonly ended = new Map<string, number>();

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly writer: ResultWriter,
    private readonly events: EventPublisher,
  ) {
    this.gateway = new SqlGatewayClient(config.engine.sqlGatewayUrl);
  }

  has(uid: string): boolean {
    return this.running.has(uid);
  }

  /** Whether this worker serves the query or ended it within the last few minutes. */
  served(uid: string): boolean {
    const now = Date.now();
    for (const [id, at] of this.ended) if (now - at > ENDED_MEMORY_MS) this.ended.delete(id);
    return this.running.has(uid) || this.ended.has(uid);
  }

  /**
   * Starts collecting before the query's RUNNING event is published (so the job watcher never
   * finds a RUNNING query unserved); `announced` settles once that event is out, and the
   * collector's own COMPLETED, STOPPED or FAILED waits for it, so it is never overtaken.
   */
  start(query: OpenQuery, sqlKind: SqlKind, announced: Promise<void> = Promise.resolve()): void {
    const entry: Running = { query, stopping: false, done: Promise.resolve(), announced };
    entry.done = this.collect(entry, sqlKind)
      .catch(async (e: Error) => {
        if (entry.stopping) return;
        this.logger.warn(`results of ${query.statementUid}: ${redactKafkaSecrets(e.message)}`);
        await this.publish(entry, { phase: 'FAILED', detail: e.message, cfu: 0, sqlKind }).catch(() => undefined);
      })
      .finally(() => {
        this.ended.set(query.statementUid, Date.now());
        this.running.delete(query.statementUid);
        void this.close(query);
      });
    this.running.set(query.statementUid, entry);
  }

  /** Ends a query on a client's stop or delete; its job is cancelled with the operation. */
  async stop(uid: string): Promise<void> {
    const entry = this.running.get(uid);
    if (!entry) return;
    entry.stopping = true;
    await this.close(entry.query);
    await entry.done;
  }

  private async close(q: OpenQuery): Promise<void> {
    await this.gateway.cancel(q.session, q.operation).catch(() => undefined);
    await this.gateway.closeSession(q.session).catch(() => undefined);
  }

  /** One of the query's own events, after its RUNNING event. */
  private async publish(entry: Running, event: Parameters<EventPublisher['publish']>[1]): Promise<void> {
    await entry.announced.catch(() => undefined);
    await this.events.publish(entry.query.statementUid, event);
  }

  private async collect(entry: Running, sqlKind: SqlKind): Promise<void> {
    const q = entry.query;
    const { idleStopMs, bufferRows } = this.config.worker.results;
    let columns = q.columns;
    let seq = await this.writer.append(q.statementUid, 0n, columns ?? [], q.rows);
    let next = q.next;
    const startedAt = Date.now();
    let checkedAt = 0;
    let readSeq = 0n;
    let readAt = startedAt;
    while (next && !entry.stopping) {
      if (Date.now() - checkedAt > 1000) {
        checkedAt = Date.now();
        const s = await this.prisma.statement.findUnique({
          where: { uid: q.statementUid },
          select: { resultsReadAt: true, resultsReadSeq: true },
        });
        if (!s) return;
        readSeq = s.resultsReadSeq;
        readAt = Math.max(startedAt, s.resultsReadAt?.getTime() ?? 0);
        if (Date.now() - readAt > idleStopMs) {
          entry.stopping = true;
          await this.close(q);
          await this.publish(entry, {
            phase: 'STOPPED',
            detail: `Stopped automatically: no client read its results for ${Math.round(idleStopMs / 1000)} s.`,
            cfu: 0,
            sqlKind,
          });
          return;
        }
      }
      if (seq - readSeq >= BigInt(bufferRows)) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      const page = await this.gateway.fetch(q.session, q.operation, next);
      if (page.results) {
        columns = page.results.columns.length ? page.results.columns : columns;
        seq = await this.writer.append(q.statementUid, seq, columns ?? [], page.results.data);
      }
      next = page.nextResultUri;
      if (page.resultType === 'NOT_READY' || (page.results?.data.length ?? 0) === 0) {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    if (entry.stopping) return;
    await this.publish(entry, {
      phase: 'COMPLETED',
      detail: '',
      cfu: 0,
      sqlKind,
      traits: { is_bounded: true, ...schemaTraits(columns) },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.running.keys()].map((uid) => this.stop(uid)));
  }
}
