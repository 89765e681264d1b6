import { engineJson } from './engine-error';

/** Terminal and non-terminal states of a SQL Gateway operation. */
export type OperationStatus =
  'INITIALIZED' | 'PENDING' | 'RUNNING' | 'FINISHED' | 'CANCELED' | 'CLOSED' | 'ERROR' | 'TIMEOUT';

export interface ColumnInfo {
  name: string;
  logicalType: { type: string; nullable: boolean; [key: string]: unknown };
}

export type RowKind = 'INSERT' | 'UPDATE_BEFORE' | 'UPDATE_AFTER' | 'DELETE';

export interface ResultPage {
  resultType: 'NOT_READY' | 'PAYLOAD' | 'EOS';
  isQueryResult?: boolean;
  jobID?: string;
  resultKind?: 'SUCCESS' | 'SUCCESS_WITH_CONTENT';
  results?: { columns: ColumnInfo[]; rowFormat: string; data: { kind: RowKind; fields: unknown[] }[] };
  /** Relative URI of the next page; absent at the end. */
  nextResultUri?: string;
}

/** Client of the Flink SQL Gateway REST API (v3 paths, JSON rows). */
export class SqlGatewayClient {
  constructor(readonly baseUrl: string) {}

  async openSession(properties: Record<string, string> = {}, sessionName?: string): Promise<string> {
    const res = await engineJson<{ sessionHandle: string }>(`${this.baseUrl}/v3/sessions`, {
      method: 'POST',
      body: JSON.stringify({ properties, sessionName }),
    });
    return res.sessionHandle;
  }

  async closeSession(session: string): Promise<void> {
    await engineJson(`${this.baseUrl}/v3/sessions/${session}`, { method: 'DELETE' });
  }

  async heartbeat(session: string): Promise<void> {
    await engineJson(`${this.baseUrl}/v3/sessions/${session}/heartbeat`, { method: 'POST', body: '{}' });
  }

  /** Submits one statement; `executionConfig` applies to it alone (parallelism, savepoint to restore). */
  async execute(session: string, statement: string, executionConfig?: Record<string, string>): Promise<string> {
    const res = await engineJson<{ operationHandle: string }>(`${this.baseUrl}/v3/sessions/${session}/statements`, {
      method: 'POST',
      body: JSON.stringify({ statement, executionConfig }),
    });
    return res.operationHandle;
  }

  /**
   * Runs a statement that only changes the session's catalogs or settings (CREATE, ALTER, DROP,
   * USE, SET) and returns when it is done: one synchronous call instead of an operation to poll,
   * which is what makes replaying a catalog into each session cheap.
   */
  async configure(session: string, statement: string): Promise<void> {
    await engineJson(`${this.baseUrl}/v3/sessions/${session}/configure-session`, {
      method: 'POST',
      body: JSON.stringify({ statement }),
    });
  }

  async status(session: string, operation: string): Promise<OperationStatus> {
    const res = await engineJson<{ status: OperationStatus }>(
      `${this.baseUrl}/v3/sessions/${session}/operations/${operation}/status`,
    );
    return res.status;
  }

  /** One page of results; `token` starts at 0, or is the `nextResultUri` of the previous page. */
  fetch(session: string, operation: string, token: number | string = 0): Promise<ResultPage> {
    const uri =
      typeof token === 'string'
        ? token
        : `/v3/sessions/${session}/operations/${operation}/result/${token}?rowFormat=JSON`;
    return engineJson<ResultPage>(`${this.baseUrl}${uri}`);
  }

  async cancel(session: string, operation: string): Promise<void> {
    await engineJson(`${this.baseUrl}/v3/sessions/${session}/operations/${operation}/cancel`, {
      method: 'POST',
      body: '{}',
    });
  }

  /**
   * Runs a statement to the end of its results: DDL, an INSERT's submission (which returns its
   * job id) or a bounded query. Unbounded queries never end: page through them with `fetch`.
   */
  async run(session: string, statement: string, executionConfig?: Record<string, string>) {
    const operation = await this.execute(session, statement, executionConfig);
    const rows: { kind: RowKind; fields: unknown[] }[] = [];
    let columns: ColumnInfo[] = [];
    let jobId: string | undefined;
    let page = await this.fetch(session, operation, 0);
    const pause = pollPauses();
    for (;;) {
      if (page.resultType === 'NOT_READY') await pause();
      if (page.results) {
        columns = page.results.columns;
        rows.push(...page.results.data);
      }
      jobId = page.jobID ?? jobId;
      if (!page.nextResultUri) break;
      page = await this.fetch(session, operation, page.nextResultUri);
    }
    return { operation, columns, rows, jobId };
  }
}

/**
 * Pauses between polls of something about to be ready: `firstMs`, doubling up to `maxMs`. The
 * defaults suit a gateway operation: planning takes tens of milliseconds and a job's submission
 * a few hundred, so a longer pause would mostly be time spent idle after the result is in (a
 * start waits through two of them).
 */
export function pollPauses(firstMs = 5, maxMs = 20): () => Promise<void> {
  let wait = firstMs;
  return () => {
    const now = wait;
    wait = Math.min(wait * 2, maxMs);
    return new Promise((r) => setTimeout(r, now));
  };
}
