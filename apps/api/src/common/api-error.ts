/**
 * The one error type handlers throw. The global ErrorFilter renders every error, this one and
 * any other, as the Confluent `Failure` body: {"errors":[{id,status,code,title,detail,source}]}.
 */
export interface ErrorSource {
  pointer?: string;
  parameter?: string;
}

export interface ErrorItem {
  code: string;
  detail: string;
  source?: ErrorSource;
}

export const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly items: ErrorItem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(items.map((i) => i.detail).join('; '));
  }

  static badRequest(detail: string, source?: ErrorSource, code = 'invalid_request'): ApiError {
    return new ApiError(400, [{ code, detail, source }]);
  }

  static unprocessable(detail: string, source?: ErrorSource, code = 'invalid_configuration'): ApiError {
    return new ApiError(422, [{ code, detail, source }]);
  }

  static notFound(kind: string, id: string): ApiError {
    return new ApiError(404, [{ code: 'not_found', detail: `${kind} "${id}" was not found` }]);
  }

  static conflict(detail: string, code = 'conflict', source?: ErrorSource): ApiError {
    return new ApiError(409, [{ code, detail, source }]);
  }

  static unauthenticated(detail: string): ApiError {
    return new ApiError(401, [{ code: 'user_unauthenticated', detail }], {
      'WWW-Authenticate': `Basic realm="cflink", error="invalid_key", error_description="${detail.replace(/"/g, "'")}"`,
    });
  }

  /** 429 with the Failure body (Confluent's spec has none) and the headers that say when to retry. */
  static tooManyRequests(detail: string, headers: Record<string, string>): ApiError {
    return new ApiError(429, [{ code: 'too_many_requests', detail }], headers);
  }

  static forbidden(detail: string): ApiError {
    return new ApiError(403, [{ code: 'user_unauthorized', detail }]);
  }
}
