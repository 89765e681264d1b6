import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './generated/openapi.generated';

export type Schemas = components['schemas'];
export type Failure = Schemas['Failure'];

export interface CflinkClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  apiKey?: string;
  apiSecret?: string;
}

export type CflinkClient = Client<paths>;

/**
 * A typed client for the cflink API: every path, parameter, body and response is checked at
 * compile time against openapi/openapi.yaml. Authenticates with HTTP Basic (API key, secret).
 */
export function createCflinkClient(options: CflinkClientOptions): CflinkClient {
  const { apiKey, apiSecret, headers, ...rest } = options;
  const auth =
    apiKey !== undefined
      ? { Authorization: `Basic ${Buffer.from(`${apiKey}:${apiSecret ?? ''}`).toString('base64')}` }
      : {};
  return createClient<paths>({ ...rest, headers: { ...auth, ...(headers as Record<string, string>) } });
}

/** The `page_token` of a list's `metadata.next` URL, or undefined at the end of the list. */
export function nextPageToken(next: string | null | undefined): string | undefined {
  if (!next) return undefined;
  return new URL(next).searchParams.get('page_token') ?? undefined;
}
