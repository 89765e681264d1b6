import { isIP } from 'node:net';
import * as path from 'node:path';

/**
 * The one place that reads the process environment. Every value is validated at startup so a
 * misconfigured process refuses to start with a message naming the variable, instead of failing
 * later on the first request that needs it.
 */
import type {
  BootstrapConfig,
  CflinkConfig,
  EngineConfig,
  KafkaSasl,
  AutopilotConfig,
  MeteringConfig,
  NotificationsConfig,
  RateLimitConfig,
  RegionConfig,
} from './config-types';

export type * from './config-types';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

/** Local development credentials, documented in the README; override them anywhere else. */

export const LOCAL_BOOTSTRAP_KEY = 'CFLINKLOCALADMIN';
export const LOCAL_BOOTSTRAP_SECRET = 'cflink-local-admin-secret-change-me';
/** The same defaults as infra/engine.sh's. */
export const LOCAL_KAFKA_PASSWORD = 'cflink-local-kafka-secret-change-me';
export const LOCAL_KAFKA_CREDENTIAL_KEY = 'cflink-local-kafka-credential-key-change-me';
export const LOCAL_NOTIFICATION_SECRET_KEY = 'cflink-local-notification-secret-key-change-me';

/** The checkout or image root: dist/libs/config/src (built) or libs/config/src (sources) below it. */
const REPO_ROOT = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../..' : '../../..',
);

const DEFAULTS = {
  CFLINK_DATABASE_URL: 'postgresql://cflink:cflink@127.0.0.1:5432/cflink',
  CFLINK_REDIS_URL: 'redis://127.0.0.1:6379',
  CFLINK_HOST: '127.0.0.1',
  CFLINK_PORT: '8080',
  CFLINK_CRN_AUTHORITY: 'confluent.cloud',
  CFLINK_REGIONS: 'AWS:us-east-1:Local data plane (us-east-1)',
  CFLINK_DEFAULT_POOL_MAX_CFU: '50',
  CFLINK_BODY_LIMIT_BYTES: String(1024 * 1024),
  CFLINK_BOOTSTRAP_ORG_NAME: 'local',
  CFLINK_BOOTSTRAP_ADMIN_EMAIL: 'admin@cflink.local',
  CFLINK_LOG_LEVEL: 'info',
  CFLINK_ENGINE_REGION: '',
  CFLINK_KAFKA_BROKERS: '127.0.0.1:9092',
  CFLINK_KAFKA_CLUSTER_NAME: 'cluster_0',
  CFLINK_KAFKA_USERNAME: 'cflink-admin',
  CFLINK_KAFKA_PASSWORD: LOCAL_KAFKA_PASSWORD,
  CFLINK_KAFKA_CREDENTIAL_KEY: LOCAL_KAFKA_CREDENTIAL_KEY,
  CFLINK_KAFKA_ADMIN_CLASSPATH: [
    path.join(REPO_ROOT, 'infra/kafka-admin/target/kafka-admin.jar'),
    path.join(REPO_ROOT, 'infra/kafka/target/lib/*'),
  ].join(path.delimiter),
  CFLINK_FLINK_REST_URL: 'http://127.0.0.1:8081',
  CFLINK_SQL_GATEWAY_URL: 'http://127.0.0.1:8083',
  CFLINK_RATE_LIMIT_PER_SECOND: '50',
  CFLINK_RATE_LIMIT_PER_MINUTE: '1000',
  CFLINK_AUTH_FAILURE_LIMIT: '10',
  CFLINK_AUTH_FAILURE_WINDOW_SECONDS: '60',
  CFLINK_RATE_LIMIT_PREFIX: 'cflink',
  CFLINK_SCHEDULER_INTERVAL_MS: '1000',
  CFLINK_SCHEDULER_LOCK_KEY: '7315001',
  CFLINK_EVENTS_CONSUMER_GROUP: 'cflink-scheduler',
  CFLINK_WORKER_CONCURRENCY: '2',
  CFLINK_WORKER_POOL_REFRESH_MS: '3000',
  CFLINK_RECONCILE_INTERVAL_MS: '15000',
  CFLINK_RECONCILE_SETTLE_MS: '20000',
  CFLINK_KAFKA_ACCESS_REPAIR_MS: '60000',
  CFLINK_RESULTS_IDLE_STOP_MS: '300000',
  CFLINK_WORKER_WATCH_INTERVAL_MS: '5000',
  CFLINK_METRICS_INTERVAL_MS: '10000',
  CFLINK_WORKER_LEASE_TTL_MS: '30000',
  CFLINK_RESULTS_BUFFER_ROWS: '10000',
  CFLINK_METERING_INTERVAL_MS: '15000',
  CFLINK_AUTOPILOT_ENABLED: 'true',
  CFLINK_AUTOPILOT_INTERVAL_MS: '30000',
  CFLINK_AUTOPILOT_WINDOW_MS: '180000',
  CFLINK_AUTOPILOT_COOLDOWN_MS: '300000',
  CFLINK_AUTOPILOT_LAG_RECORDS: '1000',
  CFLINK_AUTOPILOT_DRAIN_SECONDS: '120',
  CFLINK_AUTOPILOT_MAX_STATEMENT_CFU: '50',
  CFLINK_METRIC_SAMPLE_RETENTION_HOURS: '168',
  CFLINK_CFU_HOUR_PRICE: '0.21',
  CFLINK_CFU_HOUR_PRICES: '',
  CFLINK_OPERATOR_METRICS: 'loopback',
  CFLINK_NOTIFICATION_SECRET_KEY: LOCAL_NOTIFICATION_SECRET_KEY,
  CFLINK_WEBHOOK_ALLOW_HTTP: 'false',
  CFLINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false',
  CFLINK_WEBHOOK_ATTEMPTS: '6',
  CFLINK_WEBHOOK_BACKOFF_MS: '10000',
  CFLINK_WEBHOOK_BACKOFF_MAX_MS: '600000',
  CFLINK_WEBHOOK_TIMEOUT_MS: '10000',
  CFLINK_NOTIFICATION_CHECK_MS: '30000',
} as const;

function read(env: Env, name: keyof typeof DEFAULTS): string {
  const value = env[name];
  return value === undefined || value === '' ? DEFAULTS[name] : value;
}

function integer(env: Env, name: keyof typeof DEFAULTS, min: number, max: number): number {
  const raw = read(env, name);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
  }
  return value;
}

function url(name: string, raw: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw.replace(/\/+$/, '');
}

function clusterName(raw: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(raw)) {
    throw new ConfigError(
      `CFLINK_KAFKA_CLUSTER_NAME must be 1-64 letters, digits, '_', '.' or '-' (starting with a letter, digit or '_'), got "${raw}"`,
    );
  }
  return raw;
}

/** CFLINK_REGIONS: comma-separated `CLOUD:region[:display name]` entries. */
export function parseRegions(raw: string): RegionConfig[] {
  const regions = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [cloud, region, ...rest] = entry.split(':');
      if (!cloud || !region || !/^[A-Z]+$/.test(cloud) || !/^[a-z0-9-]+$/.test(region)) {
        throw new ConfigError(
          `CFLINK_REGIONS entry "${entry}" must look like CLOUD:region[:display name], e.g. AWS:us-east-1`,
        );
      }
      return { cloud, region, displayName: rest.join(':') || `${cloud} ${region}` };
    });
  if (regions.length === 0) throw new ConfigError('CFLINK_REGIONS must name at least one region');
  return regions;
}

/** CFLINK_ENGINE_REGION: `CLOUD:region` of the data plane, by default the first configured region. */
function engineRegion(env: Env, regions: RegionConfig[]): Pick<EngineConfig, 'flinkRegion' | 'cloud' | 'region'> {
  const raw = read(env, 'CFLINK_ENGINE_REGION');
  const [cloud, region] = raw ? raw.split(':') : [regions[0].cloud, regions[0].region];
  if (!regions.some((r) => r.cloud === cloud && r.region === region)) {
    throw new ConfigError(`CFLINK_ENGINE_REGION must be the CLOUD:region of one of CFLINK_REGIONS, got "${raw}"`);
  }
  return { flinkRegion: `${cloud.toLowerCase()}.${region}`, cloud, region };
}

/** A JAAS value is read between double quotes: refuse quotes and backslashes rather than escape them. */
function kafkaSecret(env: Env, name: 'CFLINK_KAFKA_PASSWORD' | 'CFLINK_KAFKA_CREDENTIAL_KEY'): string {
  const value = read(env, name);
  if (value.length < 16 || /["\\\s]/.test(value)) {
    throw new ConfigError(`${name} must be at least 16 characters without quotes, backslashes or spaces`);
  }
  return value;
}

function kafkaSasl(env: Env): KafkaSasl {
  const username = read(env, 'CFLINK_KAFKA_USERNAME');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(username) || /^(u|sa)-/.test(username)) {
    throw new ConfigError(
      `CFLINK_KAFKA_USERNAME must be 1-64 letters, digits, '.', '_' or '-', not starting like a principal id (u-, sa-), got "${username}"`,
    );
  }
  return { mechanism: 'scram-sha-512', username, password: kafkaSecret(env, 'CFLINK_KAFKA_PASSWORD') };
}

function rateLimit(env: Env): RateLimitConfig {
  const prefix = read(env, 'CFLINK_RATE_LIMIT_PREFIX');
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(prefix)) {
    throw new ConfigError(`CFLINK_RATE_LIMIT_PREFIX must be 1-64 of A-Z a-z 0-9 _ . : -, got "${prefix}"`);
  }
  return {
    perSecond: integer(env, 'CFLINK_RATE_LIMIT_PER_SECOND', 0, 1_000_000),
    perMinute: integer(env, 'CFLINK_RATE_LIMIT_PER_MINUTE', 0, 60_000_000),
    authFailureLimit: integer(env, 'CFLINK_AUTH_FAILURE_LIMIT', 0, 1_000_000),
    authFailureWindowSeconds: integer(env, 'CFLINK_AUTH_FAILURE_WINDOW_SECONDS', 1, 86_400),
    prefix,
  };
}

const PRICE = /^\d{1,9}(\.\d{1,6})?$/;

/** CFLINK_CFU_HOUR_PRICE and CFLINK_CFU_HOUR_PRICES (`aws.us-east-1=0.21,gcp.us-central1=0.25`). */
function metering(env: Env): MeteringConfig {
  const defaultCfuHourPrice = read(env, 'CFLINK_CFU_HOUR_PRICE');
  if (!PRICE.test(defaultCfuHourPrice)) {
    throw new ConfigError(
      `CFLINK_CFU_HOUR_PRICE must be a decimal with at most 6 decimals, got "${defaultCfuHourPrice}"`,
    );
  }
  const regionCfuHourPrices: Record<string, string> = {};
  for (const entry of read(env, 'CFLINK_CFU_HOUR_PRICES')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [region, price, ...rest] = entry.split('=');
    if (!/^[a-z]+\.[a-z0-9-]+$/.test(region ?? '') || !PRICE.test(price ?? '') || rest.length > 0) {
      throw new ConfigError(`CFLINK_CFU_HOUR_PRICES entry "${entry}" must look like aws.us-east-1=0.21`);
    }
    regionCfuHourPrices[region] = price;
  }
  return {
    intervalMs: integer(env, 'CFLINK_METERING_INTERVAL_MS', 100, 600_000),
    sampleRetentionHours: integer(env, 'CFLINK_METRIC_SAMPLE_RETENTION_HOURS', 1, 24 * 366),
    defaultCfuHourPrice,
    regionCfuHourPrices,
  };
}

function autopilot(env: Env): AutopilotConfig {
  return {
    enabled: flag(env, 'CFLINK_AUTOPILOT_ENABLED'),
    intervalMs: integer(env, 'CFLINK_AUTOPILOT_INTERVAL_MS', 100, 3_600_000),
    windowMs: integer(env, 'CFLINK_AUTOPILOT_WINDOW_MS', 1000, 86_400_000),
    cooldownMs: integer(env, 'CFLINK_AUTOPILOT_COOLDOWN_MS', 0, 86_400_000),
    lagRecords: integer(env, 'CFLINK_AUTOPILOT_LAG_RECORDS', 1, 1_000_000_000),
    drainSeconds: integer(env, 'CFLINK_AUTOPILOT_DRAIN_SECONDS', 1, 86_400),
    maxStatementCfu: integer(env, 'CFLINK_AUTOPILOT_MAX_STATEMENT_CFU', 1, 1000),
  };
}

function flag(env: Env, name: keyof typeof DEFAULTS): boolean {
  const raw = read(env, name);
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
}

function notifications(env: Env): NotificationsConfig {
  const secretKey = read(env, 'CFLINK_NOTIFICATION_SECRET_KEY');
  if (secretKey.length < 16) throw new ConfigError('CFLINK_NOTIFICATION_SECRET_KEY must be at least 16 characters');
  return {
    secretKey,
    targets: {
      allowHttp: flag(env, 'CFLINK_WEBHOOK_ALLOW_HTTP'),
      allowPrivateNetworks: flag(env, 'CFLINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS'),
    },
    attempts: integer(env, 'CFLINK_WEBHOOK_ATTEMPTS', 1, 20),
    backoffMs: integer(env, 'CFLINK_WEBHOOK_BACKOFF_MS', 10, 3_600_000),
    backoffMaxMs: integer(env, 'CFLINK_WEBHOOK_BACKOFF_MAX_MS', 10, 86_400_000),
    timeoutMs: integer(env, 'CFLINK_WEBHOOK_TIMEOUT_MS', 100, 60_000),
    checkIntervalMs: integer(env, 'CFLINK_NOTIFICATION_CHECK_MS', 100, 3_600_000),
  };
}

export function loadConfig(env: Env = process.env): CflinkConfig {
  const host = read(env, 'CFLINK_HOST');
  const port = integer(env, 'CFLINK_PORT', 0, 65535);
  const hostInUrl = isIP(host) === 6 ? `[${host}]` : host;
  const publicUrl = url('CFLINK_PUBLIC_URL', env.CFLINK_PUBLIC_URL || `http://${hostInUrl}:${port}`, [
    'http:',
    'https:',
  ]);
  const operatorMetrics = read(env, 'CFLINK_OPERATOR_METRICS');
  if (!['loopback', 'any', 'off'].includes(operatorMetrics)) {
    throw new ConfigError(`CFLINK_OPERATOR_METRICS must be loopback, any or off, got "${operatorMetrics}"`);
  }
  const logLevel = read(env, 'CFLINK_LOG_LEVEL');
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError(`CFLINK_LOG_LEVEL must be debug, info, warn or error, got "${logLevel}"`);
  }
  const regions = parseRegions(read(env, 'CFLINK_REGIONS'));
  const defaultPoolMaxCfu = integer(env, 'CFLINK_DEFAULT_POOL_MAX_CFU', 1, 10000);
  const apiKey = env.CFLINK_BOOTSTRAP_API_KEY ?? LOCAL_BOOTSTRAP_KEY;
  const apiSecret = env.CFLINK_BOOTSTRAP_API_SECRET ?? LOCAL_BOOTSTRAP_SECRET;
  let bootstrap: BootstrapConfig | null = null;
  if (apiKey !== '') {
    if (!/^[A-Z0-9]{16}$/.test(apiKey)) {
      throw new ConfigError('CFLINK_BOOTSTRAP_API_KEY must be 16 upper-case letters or digits');
    }
    if (apiSecret.length < 16) {
      throw new ConfigError('CFLINK_BOOTSTRAP_API_SECRET must be at least 16 characters');
    }
    bootstrap = {
      organizationName: read(env, 'CFLINK_BOOTSTRAP_ORG_NAME'),
      adminEmail: read(env, 'CFLINK_BOOTSTRAP_ADMIN_EMAIL'),
      apiKey,
      apiSecret,
    };
  }
  return {
    databaseUrl: url('CFLINK_DATABASE_URL', read(env, 'CFLINK_DATABASE_URL'), ['postgresql:', 'postgres:']),
    redisUrl: url('CFLINK_REDIS_URL', read(env, 'CFLINK_REDIS_URL'), ['redis:', 'rediss:']),
    host,
    port,
    publicUrl,
    crnAuthority: read(env, 'CFLINK_CRN_AUTHORITY'),
    regions,
    defaultPoolMaxCfu,
    bodyLimitBytes: integer(env, 'CFLINK_BODY_LIMIT_BYTES', 1024, 64 * 1024 * 1024),
    bootstrap,
    engine: {
      ...engineRegion(env, regions),
      kafkaBrokers: read(env, 'CFLINK_KAFKA_BROKERS')
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
      kafkaSasl: kafkaSasl(env),
      kafkaCredentialKey: kafkaSecret(env, 'CFLINK_KAFKA_CREDENTIAL_KEY'),
      kafkaAdminClasspath: read(env, 'CFLINK_KAFKA_ADMIN_CLASSPATH'),
      kafkaClusterName: clusterName(read(env, 'CFLINK_KAFKA_CLUSTER_NAME')),
      flinkRestUrl: url('CFLINK_FLINK_REST_URL', read(env, 'CFLINK_FLINK_REST_URL'), ['http:', 'https:']),
      sqlGatewayUrl: url('CFLINK_SQL_GATEWAY_URL', read(env, 'CFLINK_SQL_GATEWAY_URL'), ['http:', 'https:']),
    },
    rateLimit: rateLimit(env),
    scheduler: {
      intervalMs: integer(env, 'CFLINK_SCHEDULER_INTERVAL_MS', 50, 600_000),
      leaderLockKey: integer(env, 'CFLINK_SCHEDULER_LOCK_KEY', 1, 2 ** 31 - 1),
      eventsConsumerGroup: read(env, 'CFLINK_EVENTS_CONSUMER_GROUP'),
      reconcileIntervalMs: integer(env, 'CFLINK_RECONCILE_INTERVAL_MS', 100, 3_600_000),
      reconcileSettleMs: integer(env, 'CFLINK_RECONCILE_SETTLE_MS', 100, 3_600_000),
      kafkaAccessRepairMs: integer(env, 'CFLINK_KAFKA_ACCESS_REPAIR_MS', 1000, 86_400_000),
    },
    worker: {
      concurrency: integer(env, 'CFLINK_WORKER_CONCURRENCY', 1, 64),
      poolRefreshMs: integer(env, 'CFLINK_WORKER_POOL_REFRESH_MS', 100, 600_000),
      watchIntervalMs: integer(env, 'CFLINK_WORKER_WATCH_INTERVAL_MS', 100, 600_000),
      metricsIntervalMs: integer(env, 'CFLINK_METRICS_INTERVAL_MS', 500, 3_600_000),
      leaseTtlMs: integer(env, 'CFLINK_WORKER_LEASE_TTL_MS', 1000, 3_600_000),
      results: {
        idleStopMs: integer(env, 'CFLINK_RESULTS_IDLE_STOP_MS', 1000, 86_400_000),
        bufferRows: integer(env, 'CFLINK_RESULTS_BUFFER_ROWS', 100, 10_000_000),
      },
    },
    metering: metering(env),
    autopilot: autopilot(env),
    operatorMetrics: operatorMetrics as CflinkConfig['operatorMetrics'],
    notifications: notifications(env),
    logLevel: logLevel as CflinkConfig['logLevel'],
    hopTraceFile: env.CFLINK_HOP_TRACE_FILE || null,
  };
}

/** Nest injection token for the validated configuration. */
export const CFLINK_CONFIG = Symbol('CFLINK_CONFIG');
