/**
 * Profiles ("contexts"): named connections (URL, API key and secret, default environment and
 * compute pool) kept in one JSON file readable by its owner only, and how the environment
 * variables override them. Resolution is pure so it can be tested without a file.
 */
import { UsageError } from './errors';

export interface Profile {
  url: string;
  api_key: string;
  api_secret: string;
  environment?: string;
  compute_pool?: string;
}

export interface ConfigFile {
  current_context?: string;
  contexts: Record<string, Profile>;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** `$CFLINK_CONFIG`, else `$XDG_CONFIG_HOME/cflink/config.json`, else `~/.config/cflink/config.json`. */
export function configPath(env: Env, home: string): string {
  if (env.CFLINK_CONFIG) return env.CFLINK_CONFIG;
  const base = env.XDG_CONFIG_HOME || `${home}/.config`;
  return `${base}/cflink/config.json`;
}

export interface Connection {
  /** The context it came from; undefined when only environment variables were used. */
  context?: string;
  url: string;
  apiKey: string;
  apiSecret: string;
  environment?: string;
  computePool?: string;
}

/**
 * The connection a command uses: the context named by `--context`, `$CFLINK_CONTEXT` or the file's
 * current one, with `CFLINK_API_URL`, `CFLINK_API_KEY`, `CFLINK_API_SECRET`, `CFLINK_ENVIRONMENT`
 * and `CFLINK_COMPUTE_POOL` taking precedence field by field.
 */
export function resolveConnection(config: ConfigFile, env: Env, contextFlag?: string): Connection {
  const name = contextFlag ?? env.CFLINK_CONTEXT ?? config.current_context;
  const profile = name !== undefined ? config.contexts[name] : undefined;
  if (name !== undefined && !profile && (contextFlag !== undefined || env.CFLINK_CONTEXT !== undefined)) {
    const known = Object.keys(config.contexts);
    throw new UsageError(
      `No context named "${name}"${known.length ? ` (known: ${known.join(', ')})` : ''}: create it with \`cflink login --context ${name}\`.`,
    );
  }
  const url = env.CFLINK_API_URL || profile?.url;
  const apiKey = env.CFLINK_API_KEY || profile?.api_key;
  const apiSecret = env.CFLINK_API_SECRET || profile?.api_secret;
  if (!url || !apiKey || !apiSecret) {
    const missing = [!url && 'CFLINK_API_URL', !apiKey && 'CFLINK_API_KEY', !apiSecret && 'CFLINK_API_SECRET'].filter(
      Boolean,
    );
    throw new UsageError(`Not logged in: run \`cflink login\`, or set ${missing.join(', ')}.`);
  }
  return {
    context: profile ? name : undefined,
    url: url.replace(/\/+$/, ''),
    apiKey,
    apiSecret,
    environment: env.CFLINK_ENVIRONMENT || profile?.environment,
    computePool: env.CFLINK_COMPUTE_POOL || profile?.compute_pool,
  };
}

/** Checks a parsed config file's shape, naming the first thing that is wrong. */
export function parseConfig(text: string, path: string): ConfigFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path} is not valid JSON (${(e as Error).message}): fix or remove it.`);
  }
  const v = value as Partial<ConfigFile>;
  if (typeof v !== 'object' || v === null || typeof v.contexts !== 'object' || v.contexts === null) {
    throw new UsageError(`${path} has no "contexts" object: fix or remove it.`);
  }
  for (const [name, p] of Object.entries(v.contexts)) {
    for (const key of ['url', 'api_key', 'api_secret'] as const) {
      if (typeof p?.[key] !== 'string') throw new UsageError(`${path}: context "${name}" lacks "${key}".`);
    }
  }
  return { current_context: v.current_context, contexts: v.contexts };
}
