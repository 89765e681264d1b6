/** The shapes of cflink's configuration, as `loadConfig` (config.ts) validates and returns them. */
export interface RegionConfig {
  /** Upper-case cloud, as the fcpm/v2 API spells it (AWS, GCP, AZURE). */
  cloud: string;
  /** Region name within the cloud, e.g. us-east-1. */
  region: string;
  displayName: string;
}

export interface BootstrapConfig {
  organizationName: string;
  adminEmail: string;
  apiKey: string;
  apiSecret: string;
}

/** How a Kafka client of the control plane authenticates (the shape kafkajs takes as `sasl`). */
export interface KafkaSasl {
  mechanism: 'scram-sha-512';
  username: string;
  password: string;
}

/** Endpoints of a region's data plane: its Flink cluster and its Kafka cluster. */
export interface EngineConfig {
  /** Flink region id (`aws.us-east-1`) this data plane serves: its scheduler and workers take only its statements. */
  flinkRegion: string;
  /** The same region as the fcpm/v2 API spells it. */
  cloud: string;
  region: string;
  kafkaBrokers: string[];
  /** The control plane's own Kafka identity: a super user of the broker (infra/engine.sh). */
  kafkaSasl: KafkaSasl;
  /**
   * Key from which the broker passwords of statement principals and cluster API keys are derived
   * (HMAC-SHA-384), so no such password is stored anywhere: the scheduler sets the credentials,
   * the worker gives a statement's job its principal's, the API returns a cluster key's once.
   */
  kafkaCredentialKey: string;
  /** Java class path of infra/kafka-admin's SCRAM tool and kafka-clients (libs/engine ScramAdmin). */
  kafkaAdminClasspath: string;
  /** Display name of each environment's logical Kafka cluster: the Flink database its tables live in. */
  kafkaClusterName: string;
  flinkRestUrl: string;
  sqlGatewayUrl: string;
}

/** The scheduler (leader-elected) and the engine workers (apps/scheduler, apps/worker). */
export interface SchedulerConfig {
  /** Pause between passes of the relay and admission loop, and between tries for the lease. */
  intervalMs: number;
  /** PostgreSQL advisory lock key held by the leading scheduler replica. */
  leaderLockKey: number;
  /** Kafka consumer group reading statement events into PostgreSQL. */
  eventsConsumerGroup: string;
  /** How often queue commands are rebuilt from PostgreSQL, and how long a statement waits for a command first. */
  reconcileIntervalMs: number;
  reconcileSettleMs: number;
  /** How often broker credentials and ACLs are compared in full with the role bindings, as repair. */
  kafkaAccessRepairMs: number;
}

export interface WorkerConfig {
  /** Jobs one worker runs at once per pool queue. */
  concurrency: number;
  /** How often a worker looks for new compute pools to serve. */
  poolRefreshMs: number;
  /** How often a worker checks the jobs of its statements and samples their metrics. */
  watchIntervalMs: number;
  metricsIntervalMs: number;
  /** Lease of a worker on a running statement; another worker adopts the statement once it lapses. */
  leaseTtlMs: number;
  results: {
    /** A foreground query nobody reads results of for this long is stopped. */
    idleStopMs: number;
    /** Unread result rows a worker buffers before it stops fetching (back-pressure on the job). */
    bufferRows: number;
  };
}

/** Autopilot (apps/scheduler autopilot, libs/domain autopilot): statements' CFUs follow their load. */
export interface AutopilotConfig {
  enabled: boolean;
  /** Pause between Autopilot passes. */
  intervalMs: number;
  /** Span of metric samples a scaling signal must hold over. */
  windowMs: number;
  /** Quiet time after a rescale decision. */
  cooldownMs: number;
  /** Backlog (pending records) above which a statement lags. */
  lagRecords: number;
  /** A backlog that drains within this many seconds needs no more CFUs. */
  drainSeconds: number;
  /** Most CFUs one statement may hold. */
  maxStatementCfu: number;
}

/** The metering ledger (apps/scheduler metering) and what its CFU-minutes cost (billing/v1). */
export interface MeteringConfig {
  /** Pause between metering passes: gap filling, roll-ups and pruning. */
  intervalMs: number;
  /** Raw metric samples older than this are deleted; the ledger keeps the CFU-minutes. */
  sampleRetentionHours: number;
  /** Price of a CFU-hour (decimal string, at most 6 decimals) in regions without their own. */
  defaultCfuHourPrice: string;
  /** Price of a CFU-hour per Flink region id (`aws.us-east-1`). */
  regionCfuHourPrices: Record<string, string>;
}

export interface RateLimitConfig {
  /** Requests per API key per second and per minute; 0 turns that window off. */
  perSecond: number;
  perMinute: number;
  /** Failed authentications per client address within the window before it gets 429; 0 turns this off. */
  authFailureLimit: number;
  authFailureWindowSeconds: number;
  /** Prefix of every Redis key, so deployments (and test runs) sharing a Redis stay apart. */
  prefix: string;
}

/** Webhook notifications (notifications/v1; apps/scheduler notifications). */
export interface NotificationsConfig {
  /** Key sealing the subscriptions' signing secrets in PostgreSQL (API and scheduler must share it). */
  secretKey: string;
  /** Which webhook URLs and resolved addresses are allowed (libs/domain WebhookTargetPolicy). */
  targets: { allowHttp: boolean; allowPrivateNetworks: boolean };
  /** Delivery attempts per notification, and the exponential backoff between them. */
  attempts: number;
  backoffMs: number;
  backoffMaxMs: number;
  /** How long a receiver has to answer one attempt. */
  timeoutMs: number;
  /** How often the scheduler looks for statements stuck PENDING and pools at their cap. */
  checkIntervalMs: number;
}

export interface CflinkConfig {
  databaseUrl: string;
  redisUrl: string;
  host: string;
  port: number;
  /** Base URL that clients use to reach the API; used in metadata.self and metadata.next. */
  publicUrl: string;
  /** Authority of the CRNs the API emits (crn://<authority>/organization=...). */
  crnAuthority: string;
  regions: RegionConfig[];
  /** max_cfu of a default pool created when a statement names no compute pool. */
  defaultPoolMaxCfu: number;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  bootstrap: BootstrapConfig | null;
  engine: EngineConfig;
  rateLimit: RateLimitConfig;
  scheduler: SchedulerConfig;
  worker: WorkerConfig;
  metering: MeteringConfig;
  autopilot: AutopilotConfig;
  /** Who may read the control plane's own metrics (GET /metrics): loopback clients, anyone, or no one. */
  operatorMetrics: 'loopback' | 'any' | 'off';
  notifications: NotificationsConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** CFLINK_HOP_TRACE_FILE: where per-hop timestamps of starts, stops and resumes are appended (the engine bench), or null. */
  hopTraceFile: string | null;
}
