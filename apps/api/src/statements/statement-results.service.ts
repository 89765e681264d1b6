import { Injectable } from '@nestjs/common';
import { StatementsRepository } from '#db';
import { encodePageToken, sqlKind } from '#domain';
import type { Caller } from '../auth/caller';
import { pageRequest } from '../common/pagination';
import { Urls } from '../common/urls';
import type { Schemas } from '../common/views';
import { StatementsService, type StatementPath } from './statements.service';

/** Rows per results page. */
const RESULTS_PAGE = 100;
const ENDED = ['COMPLETED', 'FAILED', 'STOPPED'];

/**
 * Results and exceptions of a statement, from PostgreSQL: the engine worker that runs a query
 * writes its rows there, so any API replica serves any page and a page token is a row cursor.
 */
@Injectable()
export class StatementResultsService {
  constructor(
    private readonly rows: StatementsRepository,
    private readonly statements: StatementsService,
    private readonly urls: Urls,
  ) {}

  async results(
    caller: Caller,
    path: StatementPath,
    name: string,
    pageToken: string | undefined,
  ): Promise<Schemas['StatementResult']> {
    const statement = await this.statements.get(caller, path, name);
    const page = pageRequest({ page_token: pageToken }, `results:${statement.uid}`);
    const after = page.cursor?.after ?? 0n;
    const rows = await this.rows.results(caller.organizationId, statement.uid, after, RESULTS_PAGE);
    const last = rows.at(-1)?.seq ?? after;
    // Reading keeps a foreground query alive and lets its worker fetch more (not a change of the
    // statement: metadata.updated_at and resource_version stay).
    await this.rows.markResultsRead(caller.organizationId, statement.uid, last);
    const kind = sqlKind(statement.statement);
    const producesRows = kind === 'SELECT' || kind === 'OTHER';
    const complete = !producesRows || (ENDED.includes(statement.phase) && rows.length < RESULTS_PAGE);
    const self = `${this.urls.statement(path.organization_id, path.environment_id, name)}/results`;
    return {
      api_version: 'sql/v1',
      kind: 'StatementResult',
      metadata: {
        self: pageToken ? `${self}?page_token=${encodeURIComponent(pageToken)}` : self,
        next: complete ? '' : `${self}?page_token=${encodePageToken({ after: last }, page.scope)}`,
        created_at: statement.createdAt.toISOString(),
      },
      results: { data: rows.map((r) => ({ op: r.op as 0 | 1 | 2 | 3, row: r.row as unknown[] })) },
    };
  }

  async exceptions(caller: Caller, path: StatementPath, name: string): Promise<Schemas['StatementExceptionList']> {
    const statement = await this.statements.get(caller, path, name);
    const rows = await this.rows.exceptions(caller.organizationId, statement.uid, 10);
    return {
      api_version: 'sql/v1',
      kind: 'StatementExceptionList',
      metadata: { self: `${this.urls.statement(path.organization_id, path.environment_id, name)}/exceptions` },
      data: rows.map((e) => ({
        kind: 'StatementException',
        name: e.name,
        message: e.message,
        timestamp: e.createdAt.toISOString(),
      })),
    };
  }
}
