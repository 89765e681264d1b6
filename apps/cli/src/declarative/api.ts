import { nextPageToken, type CflinkClient, type Failure } from '#client';

/** A failed API call, with the server's error detail (never the credentials). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly what: string,
    detail: string,
  ) {
    super(`${what}: ${status} ${detail}`);
  }
}

function detailOf(error: unknown): string {
  const errors = (error as Failure | undefined)?.errors;
  if (Array.isArray(errors) && errors.length) {
    return errors
      .map((e) => [e.detail ?? e.title, e.source?.pointer && `(at ${e.source.pointer})`].filter(Boolean).join(' '))
      .join('; ');
  }
  return typeof error === 'string' ? error : JSON.stringify(error ?? '');
}

/** The data of a successful call; any other answer becomes an ApiError naming `what`. */
export async function call<T>(
  what: string,
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await request;
  if (error !== undefined || !response.ok) throw new ApiError(response.status, what, detailOf(error));
  return data as T;
}

/** Like call, but a 404 is undefined. */
export async function find<T>(
  what: string,
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T | undefined> {
  const { data, error, response } = await request;
  if (response.status === 404) return undefined;
  if (error !== undefined || !response.ok) throw new ApiError(response.status, what, detailOf(error));
  return data as T;
}

/** Every item of a paged list. */
export async function listAll<T>(
  what: string,
  page: (
    token: string | undefined,
  ) => Promise<{ data?: { data: T[]; metadata: { next?: string | null } }; error?: unknown; response: Response }>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const body = await call(what, page(token));
    items.push(...body.data);
    token = nextPageToken(body.metadata.next);
  } while (token);
  return items;
}

export type Client = CflinkClient;
export const nextPage = nextPageToken;
