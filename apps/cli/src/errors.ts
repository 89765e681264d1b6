/**
 * What went wrong, as an exit code scripts can branch on. Usage errors are the caller's to fix
 * before anything was sent; API errors carry the server's `errors[].detail`.
 */
export const EXIT = {
  OK: 0,
  /** The API refused the request (4xx other than 404, 5xx) or could not be reached. */
  API: 1,
  /** Wrong flags or arguments, no credentials, or a confirmation that was not given. */
  USAGE: 2,
  /** The resource does not exist (404). */
  NOT_FOUND: 4,
  /** A statement waited on with --wait ended FAILED. */
  FAILED: 5,
  /** --wait gave up before the phase settled. */
  TIMEOUT: 6,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.API,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.USAGE);
  }
}

interface ErrorItem {
  status?: string;
  title?: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
}

/** One line per error of the API's Failure body: title, detail and where in the request. */
export function describeFailure(status: number, body: unknown): string {
  const errors = (body as { errors?: ErrorItem[] } | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) {
    return `HTTP ${status}${typeof body === 'string' && body ? `: ${body}` : ''}`;
  }
  return errors
    .map((e) => {
      const where = e.source?.pointer ?? e.source?.parameter;
      const head = `${e.status ?? status} ${e.title ?? 'Error'}`;
      return `${head}${e.detail ? `: ${e.detail}` : ''}${where ? ` (at ${where})` : ''}`;
    })
    .join('\n');
}

export function apiError(status: number, body: unknown): CliError {
  return new CliError(describeFailure(status, body), status === 404 ? EXIT.NOT_FOUND : EXIT.API);
}
