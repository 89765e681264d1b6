import { createHash } from 'node:crypto';

/**
 * Opaque list cursors for keyset pagination. A token carries the sort key of the last row of
 * the previous page and a fingerprint of the query it belongs to, so a token reused with other
 * filters is refused instead of silently skipping rows.
 */
export const PAGE_SIZE_DEFAULT = 10;
export const PAGE_SIZE_MAX = 100;

export interface PageCursor {
  /** Sort key (a row sequence number) of the last row already returned. */
  after: bigint;
}

export class PageTokenError extends Error {}

function fingerprint(scope: string): string {
  return createHash('sha256').update(scope).digest('base64url').slice(0, 10);
}

export function encodePageToken(cursor: PageCursor, scope: string): string {
  return Buffer.from(`${cursor.after}.${fingerprint(scope)}`).toString('base64url');
}

export function decodePageToken(token: string, scope: string): PageCursor {
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  const match = /^(\d{1,19})\.([A-Za-z0-9_-]{10})$/.exec(decoded);
  if (!match) throw new PageTokenError('page_token is not a token this API issued; take it from metadata.next');
  if (match[2] !== fingerprint(scope)) {
    throw new PageTokenError('page_token belongs to a different list query; repeat the filters it was issued with');
  }
  return { after: BigInt(match[1]) };
}
