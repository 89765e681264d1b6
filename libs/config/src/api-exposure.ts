import { isIP } from 'node:net';
import { ConfigError, loadConfig, LOCAL_BOOTSTRAP_SECRET, type CflinkConfig } from './config';

/**
 * Whether an API listening on `host` is reachable from this machine only: `localhost`,
 * 127.0.0.0/8, `::1` or an IPv4-mapped 127.x address. Any other name counts as reachable from
 * elsewhere (`0.0.0.0` and `::` listen everywhere; a host name may resolve to anything).
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.split('.')[0] === '127';
  if (isIP(h) !== 6) return false;
  const normalized = new URL(`http://[${h}]`).hostname;
  return normalized === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(normalized);
}

/**
 * The API refuses to start when it would serve the documented local admin secret beyond
 * loopback: anyone who has read the README could administer the deployment.
 */
export function assertApiExposure(config: CflinkConfig): void {
  if (config.bootstrap?.apiSecret !== LOCAL_BOOTSTRAP_SECRET || isLoopbackHost(config.host)) return;
  throw new ConfigError(
    `CFLINK_BOOTSTRAP_API_SECRET is the documented local secret and CFLINK_HOST "${config.host}" is not a loopback address; ` +
      'set CFLINK_BOOTSTRAP_API_SECRET to a long random value (e.g. `openssl rand -base64 32`), ' +
      'or CFLINK_BOOTSTRAP_API_KEY to an empty value to seed no admin',
  );
}

/** The API's configuration: `loadConfig` plus the checks that concern a listening API. */
export function loadApiConfig(env: Record<string, string | undefined> = process.env): CflinkConfig {
  const config = loadConfig(env);
  assertApiExposure(config);
  return config;
}
