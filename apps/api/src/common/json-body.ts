import type { FastifyInstance, FastifyRequest } from 'fastify';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
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

/** Compressed bodies are inflated up to the body limit, so a small bomb cannot grow past it. */
const DECODERS: Record<string, (b: Buffer, o: { maxOutputLength: number }) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

function decoded(req: FastifyRequest, raw: Buffer, limit: number): Buffer {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return raw;
  const decode = DECODERS[encoding];
  if (!decode) throw unsupported(`Send the body uncompressed or as gzip, deflate or br, not ${encoding}.`);
  try {
    return decode(raw, { maxOutputLength: limit });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw payloadTooLarge(limit);
    throw ApiError.badRequest(`The request body is not valid ${encoding} data.`, { pointer: '' }, 'malformed_body');
  }
}

/** The parsed body of a JSON request; a body of another media type is read and left undefined. */
function parseBody(req: FastifyRequest, raw: Buffer, limit: number): unknown {
  const [mediaType, ...params] = (req.headers['content-type'] ?? '').split(';');
  if (!JSON_TYPE.test(mediaType.trim().toLowerCase())) return undefined;
  const charset = params
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset !== undefined && !charset.startsWith('utf-')) throw unsupported('Send the body as UTF-8 JSON.');
  const text = decoded(req, raw, limit).toString('utf8');
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
      done(null, parseBody(req, body as Buffer, limit));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}
