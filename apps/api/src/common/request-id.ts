import { randomUUID } from 'node:crypto';
import type { ApiReply, ApiRequest } from './http';

const REQUEST_ID = Symbol('requestId');
type WithRequestId = ApiRequest & { [REQUEST_ID]?: string };

/** onRequest hook: takes a well-formed incoming X-Request-Id or makes one, and echoes it on the response. */
export function assignRequestId(req: ApiRequest, reply: ApiReply): void {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
  (req as WithRequestId)[REQUEST_ID] = id;
  reply.header('X-Request-Id', id);
}

export function requestIdOf(req: ApiRequest): string {
  return (req as WithRequestId)[REQUEST_ID] ?? 'unknown';
}
