import { decodePageToken, encodePageToken, PAGE_SIZE_DEFAULT, PageTokenError, type PageCursor } from '#domain';
import { ApiError } from './api-error';

export interface ListQuery {
  page_size?: number;
  page_token?: string;
}

export interface PageRequest {
  size: number;
  cursor: PageCursor | null;
  /** Identifies the list query; a token is valid only for the query it was issued for. */
  scope: string;
}

/**
 * Starts a keyset-paginated list: `scope` names the list and its filters (everything but the
 * paging parameters), so a token from one query cannot be replayed against another.
 */
export function pageRequest(query: ListQuery, scope: string): PageRequest {
  let cursor: PageCursor | null = null;
  if (query.page_token) {
    try {
      cursor = decodePageToken(query.page_token, scope);
    } catch (e) {
      if (e instanceof PageTokenError) throw ApiError.badRequest(e.message, { parameter: 'page_token' });
      throw e;
    }
  }
  return { size: query.page_size ?? PAGE_SIZE_DEFAULT, cursor, scope };
}

/**
 * Prisma arguments for one page in `seq` order, to merge with the list's own filters. Indexes
 * on (scope columns, seq) make every page cost O(page size). One extra row tells whether a
 * next page exists.
 */
export function pageArgs(page: PageRequest) {
  return {
    seqWhere: page.cursor ? { seq: { gt: page.cursor.after } } : {},
    orderBy: { seq: 'asc' as const },
    take: page.size + 1,
  };
}

/**
 * Cuts the extra row and builds `metadata.next`: the request URL with the same filters, the
 * same page size and the token of the last row of this page.
 */
export function finishPage<T extends { seq: bigint }>(
  rows: T[],
  page: PageRequest,
  listUrl: string,
  filters: Record<string, string | string[] | undefined> = {},
): { rows: T[]; metadata: { next: string | null } } {
  const hasMore = rows.length > page.size;
  const pageRows = hasMore ? rows.slice(0, page.size) : rows;
  if (!hasMore) return { rows: pageRows, metadata: { next: null } };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) for (const v of [value ?? []].flat()) params.append(key, v);
  params.set('page_size', String(page.size));
  params.set('page_token', encodePageToken({ after: pageRows[pageRows.length - 1].seq }, page.scope));
  return { rows: pageRows, metadata: { next: `${listUrl}?${params.toString()}` } };
}
