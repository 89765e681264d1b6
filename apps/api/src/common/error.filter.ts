import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Inject,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { isDatabaseBusy } from '#db';
import { DeclaredMethods } from '../openapi/declared-methods';
import { RequestValidator } from '../openapi/request-validator';
import { ApiError, STATUS_TITLES, type ErrorItem } from './api-error';
import { payloadTooLarge } from './json-body';
import { pathOf, type ApiReply, type ApiRequest } from './http';
import { requestIdOf } from './request-id';

/** Errors Fastify raises outside a route (Nest turns most into an HttpException) carry a code and a status. */
interface FrameworkError {
  code?: string;
  status?: number;
  statusCode?: number;
}

/** Maps anything thrown while serving a request onto the one error body. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const framework = error as FrameworkError;
  if (framework?.code === 'FST_ERR_BAD_URL') {
    return ApiError.badRequest('The request path is not a valid URL: check its percent-encoding.');
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
  const status = framework?.status ?? framework?.statusCode;
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

/** Writes `error` as the response, unless one is already on its way. */
export function sendFailure(reply: ApiReply, error: ApiError, requestId: string): void {
  if (reply.sent || reply.raw.headersSent) return;
  void reply.code(error.status).headers(error.headers).send(failureBody(error, requestId));
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

  constructor(
    validator: RequestValidator,
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
  ) {
    this.declared = new DeclaredMethods(validator.document);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<ApiRequest>();
    const reply = ctx.getResponse<ApiReply>();
    // Only the router's own 404 (no route took the request); a handler's 404 is an ApiError.
    const allowed = exception instanceof NotFoundException ? this.declared.on(pathOf(req)) : [];
    const error =
      allowed.length > 0 && !allowed.includes(req.method === 'HEAD' ? 'GET' : req.method)
        ? methodNotAllowed(req.method, allowed)
        : exception instanceof HttpException && exception.getStatus() === 413
          ? payloadTooLarge(this.config.bodyLimitBytes) // Fastify's, before the body parser ran
          : toApiError(exception);
    const requestId = requestIdOf(req);
    if (error.status >= 500) {
      this.logger.error(`${req.method} ${pathOf(req)} [${requestId}]: ${(exception as Error)?.stack ?? exception}`);
    }
    sendFailure(reply, error, requestId);
  }
}
