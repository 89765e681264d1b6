import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseBusy } from '#db';
import { DeclaredMethods } from '../openapi/declared-methods';
import { RequestValidator } from '../openapi/request-validator';
import { ApiError, STATUS_TITLES, type ErrorItem } from './api-error';
import { requestIdOf } from './request-id';

/** Body-parser errors carry a `type` and a status. */
interface ParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
}

/** Maps anything thrown while serving a request onto the one error body. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const parser = error as ParserError;
  switch (parser?.type) {
    case 'entity.parse.failed':
      return ApiError.badRequest('The request body is not valid JSON.', { pointer: '' }, 'malformed_json');
    case 'entity.too.large':
      return new ApiError(413, [
        { code: 'payload_too_large', detail: `The request body exceeds the limit of ${parser.limit} bytes.` },
      ]);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, [{ code: 'unsupported_media_type', detail: 'Send the body as UTF-8 JSON.' }]);
    case 'request.aborted':
      return ApiError.badRequest('The request body was not received completely.');
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const detail =
      status === 404
        ? 'No such resource or route. Check the path and method against /openapi.json.'
        : status === 405
          ? 'This method is not allowed on this path.'
          : error.message;
    return new ApiError(status, [{ code: status === 404 ? 'not_found' : 'http_error', detail }]);
  }
  const status = parser?.status ?? parser?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, [{ code: 'invalid_request', detail: (error as Error).message }]);
  }
  if (isDatabaseBusy(error)) {
    return new ApiError(
      503,
      [{ code: 'service_unavailable', detail: 'The service is overloaded right now; retry the request shortly.' }],
      { 'Retry-After': '1' },
    );
  }
  return new ApiError(500, [{ code: 'internal_error', detail: 'An unexpected error occurred; it has been logged.' }]);
}

export function failureBody(error: ApiError, requestId: string) {
  return {
    errors: error.items.map((item: ErrorItem) => ({
      id: requestId,
      status: String(error.status),
      code: item.code,
      title: STATUS_TITLES[error.status] ?? 'Error',
      detail: item.detail,
      ...(item.source ? { source: item.source } : {}),
    })),
  };
}

/** A request no route took, on a path the document declares with other methods. */
function methodNotAllowed(method: string, allowed: string[]): ApiError {
  return new ApiError(
    405,
    [{ code: 'method_not_allowed', detail: `${method} is not allowed on this path; it takes ${allowed.join(', ')}.` }],
    { Allow: allowed.join(', ') },
  );
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');
  private readonly declared: DeclaredMethods;

  constructor(validator: RequestValidator) {
    this.declared = new DeclaredMethods(validator.document);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    // Only the router's own 404 (no route took the request); a handler's 404 is an ApiError.
    const allowed = exception instanceof NotFoundException ? this.declared.on(req.path) : [];
    const error =
      allowed.length > 0 && !allowed.includes(req.method === 'HEAD' ? 'GET' : req.method)
        ? methodNotAllowed(req.method, allowed)
        : toApiError(exception);
    const requestId = requestIdOf(req);
    if (error.status >= 500) {
      this.logger.error(`${req.method} ${req.path} [${requestId}]: ${(exception as Error)?.stack ?? exception}`);
    }
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.status(error.status).json(failureBody(error, requestId));
  }
}
