/**
 * What every command needs: where it writes, the profiles file, and, once it talks to the API,
 * a session (the resolved connection, a typed client and the caller's organization).
 */
import type { Command } from 'commander';
import { createCflinkClient, nextPageToken, type CflinkClient, type Schemas } from '#client';
import { apiError, CliError, EXIT, UsageError } from './errors';
import { Printer, type OutputFormat } from './output';
import { ConfigStore } from './config-store';
import { configPath, resolveConnection, type Connection, type Env } from './profiles';

export interface Terminal {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

export interface Runtime {
  env: Env;
  home: string;
  stdout: Terminal;
  stderr: Terminal;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };
}

/** Options every command accepts (declared on the root program). */
export interface GlobalOptions {
  output: OutputFormat;
  context?: string;
}

export class CliContext {
  readonly store: ConfigStore;

  constructor(readonly runtime: Runtime) {
    this.store = new ConfigStore(configPath(runtime.env, runtime.home));
  }

  globals(command: Command): GlobalOptions {
    return command.optsWithGlobals() as GlobalOptions;
  }

  printer(command: Command): Printer {
    return new Printer(this.globals(command).output, this.runtime.stdout);
  }

  session(command: Command): Session {
    return new Session(resolveConnection(this.store.read(), this.runtime.env, this.globals(command).context));
  }

  /** Saves a default (`environment use`, `compute-pool use`) into the session's context. */
  setContextDefault(session: Session, key: 'environment' | 'compute_pool', value: string | undefined): void {
    const name = session.connection.context;
    if (!name) throw new UsageError(`No context to keep the default ${key} in: run \`cflink login\` first.`);
    this.store.update((config) => {
      if (value === undefined) delete config.contexts[name][key];
      else config.contexts[name][key] = value;
    });
  }
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Calls the API and returns the body, or throws the API's error with its detail. */
export async function call<T>(request: Promise<Result<T>>, url?: string): Promise<T> {
  let result: Result<T>;
  try {
    result = await request;
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(
      `Cannot reach the API${url ? ` at ${url}` : ''}: ${cause?.code ?? cause?.message ?? (e as Error).message}.`,
      EXIT.API,
    );
  }
  if (!result.response.ok) throw apiError(result.response.status, result.error);
  return result.data as T;
}

export class Session {
  readonly client: CflinkClient;
  private organization?: Schemas['Organization'];

  constructor(readonly connection: Connection) {
    this.client = createCflinkClient({
      baseUrl: connection.url,
      apiKey: connection.apiKey,
      apiSecret: connection.apiSecret,
    });
  }

  call<T>(request: Promise<Result<T>>): Promise<T> {
    return call(request, this.connection.url);
  }

  /** The caller's organization (an API key belongs to exactly one). */
  async org(): Promise<Schemas['Organization']> {
    if (!this.organization) {
      const list = await this.call(this.client.GET('/org/v2/organizations', {}));
      if (!list.data[0]) throw new CliError('The API returned no organization for this key.');
      this.organization = list.data[0];
    }
    return this.organization;
  }

  /** `--environment`, else the context's environment; a usage error when neither is set. */
  environmentId(flag?: string): string {
    const id = flag ?? this.connection.environment;
    if (!id) {
      throw new UsageError(
        'No environment: pass --environment <env-id> or choose one with `cflink environment use <env-id>`.',
      );
    }
    return id;
  }

  computePoolId(flag?: string): string | undefined {
    return flag ?? this.connection.computePool;
  }
}

/** Every item of a paginated list, following `metadata.next`. */
export async function listAll<T>(
  page: (token: string | undefined) => Promise<{ data: T[]; metadata?: { next?: string | null } }>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const body = await page(token);
    items.push(...body.data);
    token = nextPageToken(body.metadata?.next);
  } while (token);
  return items;
}
