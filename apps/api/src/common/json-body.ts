import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error';

/** application/json and the +json types (JSON Patch, merge patch). */
const JSON_TYPE = /^application\/(?:json|[^/;\s]+\+json)$/;

export function payloadTooLarge(limit: number): ApiError {
  return new ApiError(413, [
    { code: 'payload_too_large', detail: `The request body exceeds the limit of ${limit} bytes.` },
  ]);
}

function unsupported(detail: string): ApiError {
  return new ApiError(415, [{ code: 'unsupported_media_type', detail }]);
}

/** The parsed body of a JSON request; a body of another media type is read and left undefined. */
function parseBody(req: FastifyRequest, raw: Buffer): unknown {
  const [mediaType, ...params] = (req.headers['content-type'] ?? '').split(';');
  if (!JSON_TYPE.test(mediaType.trim().toLowerCase())) return undefined;
  const charset = params
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset !== undefined && !charset.startsWith('utf-')) throw unsupported('Send the body as UTF-8 JSON.');
  const encoding = req.headers['content-encoding']?.toLowerCase();
  if (encoding !== undefined && encoding !== 'identity')
    throw unsupported('Send the body as UTF-8 JSON, uncompressed.');
  const text = raw.toString('utf8');
  if (text.length === 0) return {};
  // Objects and arrays only, as every operation's body is one of them.
  const first = /\S/.exec(text)?.[0];
  try {
    if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
    return JSON.parse(text) as unknown;
  } catch {
    throw ApiError.badRequest('The request body is not valid JSON.', { pointer: '' }, 'malformed_json');
  }
}

/**
 * The API's one body parser, in place of Fastify's: malformed bodies get the standard error
 * body, JSON Patch and other +json types parse too, and other media types are accepted with an
 * empty body (the operation's validation then says what it expects) rather than refused.
 */
export function useJsonBodies(fastify: FastifyInstance, limit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (req, body, done) => {
    try {
      done(null, parseBody(req, body as Buffer));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}
