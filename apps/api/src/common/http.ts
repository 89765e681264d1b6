import type { FastifyReply, FastifyRequest } from 'fastify';

/** A request as guards, filters, hooks and handlers see it (Fastify's, with passport's `user`). */
export type ApiRequest = FastifyRequest & { user?: unknown };
export type ApiReply = FastifyReply;

/** The request's path without its query string (what express called `req.path`). */
export function pathOf(req: FastifyRequest): string {
  const query = req.url.indexOf('?');
  return query < 0 ? req.url : req.url.slice(0, query);
}
