import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiRequest } from '../common/http';
import type { Statement } from '#db';
import { parseCrn, type CrnPattern, type Visibility } from '#domain';
import type { Authorization } from './policy';

const AUTHORIZATION = Symbol('authorization');
type WithAuthorization = ApiRequest & { [AUTHORIZATION]?: Authorization };

export function setAuthorization(req: ApiRequest, authorization: Authorization): void {
  (req as WithAuthorization)[AUTHORIZATION] = authorization;
}

export function authorizationOf(req: ApiRequest): Authorization | undefined {
  return (req as WithAuthorization)[AUTHORIZATION];
}

/** Injects what the policy lets a list show (`{ all: true }` outside lists). */
export const Visible = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Visibility =>
    authorizationOf(ctx.switchToHttp().getRequest<ApiRequest>())?.visibility ?? { all: true },
);

/** The statement the policy read to authorize a getStatement (undefined when it found none). */
export const AuthorizedStatement = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Statement | undefined =>
    authorizationOf(ctx.switchToHttp().getRequest<ApiRequest>())?.statement,
);

/** Maps one CRN segment (id, whether it is a prefix) to a filter on a list's rows; undefined = unsupported. */
export type SegmentFilter<W> = (id: string, prefix: boolean) => W | undefined;

/**
 * Turns the inner scopes of a Visibility into row filters (one per scope, to OR together), or
 * null when everything is visible. Each scope's segments below `container` are mapped with
 * `columns` up to `leaf` (deeper segments only narrow inside the row, so the row is visible);
 * a scope with a segment the list cannot filter on shows nothing.
 */
export function visibilityFilters<W>(
  visibility: Visibility,
  container: string,
  columns: Record<string, SegmentFilter<W>>,
  leaf: string,
): { AND: W[] }[] | null {
  if (visibility.all) return null;
  const depth = parseCrn(container).segments.length;
  const filters: { AND: W[] }[] = [];
  for (const scope of visibility.scopes) {
    const parts = scopeFilter(scope, depth, columns, leaf);
    if (parts) filters.push({ AND: parts });
  }
  return filters;
}

function scopeFilter<W>(
  scope: CrnPattern,
  depth: number,
  columns: Record<string, SegmentFilter<W>>,
  leaf: string,
): W[] | null {
  const parts: W[] = [];
  const below = scope.segments.slice(depth);
  for (const [i, segment] of below.entries()) {
    const prefix = scope.prefix && depth + i === scope.segments.length - 1;
    const filter = columns[segment.type]?.(segment.id, prefix);
    if (filter === undefined) return null;
    parts.push(filter);
    if (segment.type === leaf) break;
  }
  return parts;
}
