/**
 * `spec.properties`: the allowlist of Confluent's statement properties and what each means to
 * Flink. A client never sets a Flink option directly, so nothing it sends can change a job's
 * parallelism, resources, classpath, checkpoint or state locations; every key is translated here
 * and any other key is refused (by the API with 400, and again by the worker, fail closed).
 */
import { INITIAL_OFFSET_FROM, STATEMENT_NAME } from './initial-offsets';

import { SESSION_TIME_DEFAULTS } from './rowtime';

const DURATION =
  /^\d{1,12} ?(ms|milli|millis|millisecond|milliseconds|s|sec|secs|second|seconds|min|mins|minute|minutes|h|hour|hours|d|day|days)?$/;
const MILLIS = /^\d{1,19}$/;
const NAME = /^.{1,255}$/;

type Translation =
  /** A session option of Flink. */
  | { flink: string }
  /** An option of every table the statement reads (its Kafka scan options). */
  | { table: string }
  /** Read by cflink itself (the catalog and database, dry runs). */
  | { cflink: true };

interface PropertyRule {
  pattern: RegExp;
  /** What the value must be, for a 400 detail. */
  expects: string;
  to: Translation;
}

export const STATEMENT_PROPERTIES: Readonly<Record<string, PropertyRule>> = Object.freeze({
  'sql.current-catalog': { pattern: NAME, expects: "an environment's display name or id", to: { cflink: true } },
  'sql.current-database': { pattern: NAME, expects: "a Kafka cluster's display name or id", to: { cflink: true } },
  'sql.dry-run': { pattern: /^(true|false)$/, expects: "'true' or 'false'", to: { cflink: true } },
  'sql.local-time-zone': {
    pattern: /^([A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}|(GMT|UTC)[+-]\d{1,2}(:\d{2})?)$/,
    expects: "a time zone such as 'UTC', 'Europe/Berlin' or 'GMT+08:00'",
    to: { flink: 'table.local-time-zone' },
  },
  'sql.state-ttl': {
    pattern: DURATION,
    expects: "a duration such as '0' (keep forever), '3600000 ms', '12 h' or '7 d'",
    to: { flink: 'table.exec.state.ttl' },
  },
  'sql.tables.scan.idle-timeout': {
    pattern: DURATION,
    expects: "a duration such as '0' (off), '30 s' or '5 min'",
    to: { flink: 'table.exec.source.idle-timeout' },
  },
  'sql.tables.scan.startup.mode': {
    pattern: /^(earliest-offset|latest-offset|timestamp)$/,
    expects: "'earliest-offset', 'latest-offset' or 'timestamp'",
    to: { table: 'scan.startup.mode' },
  },
  'sql.tables.scan.startup.timestamp-millis': {
    pattern: MILLIS,
    expects: 'milliseconds since the epoch',
    to: { table: 'scan.startup.timestamp-millis' },
  },
  'sql.tables.scan.bounded.mode': {
    pattern: /^(unbounded|latest-offset|timestamp)$/,
    expects: "'unbounded', 'latest-offset' or 'timestamp'",
    to: { table: 'scan.bounded.mode' },
  },
  'sql.tables.scan.bounded.timestamp-millis': {
    pattern: MILLIS,
    expects: 'milliseconds since the epoch',
    to: { table: 'scan.bounded.timestamp-millis' },
  },
  // The named statement's latest offsets, resolved when the statement starts (initial-offsets.ts).
  [INITIAL_OFFSET_FROM]: {
    pattern: STATEMENT_NAME,
    expects: 'the name of a statement of the same environment',
    to: { cflink: true },
  },
});

export interface TranslatedProperties {
  /** Flink session options. */
  session: Record<string, string>;
  /** Scan options added to every Kafka table of the statement's session. */
  tableScan: Record<string, string>;
  currentCatalog?: string;
  currentDatabase?: string;
  /** `sql.tables.initial-offset-from`: the statement whose latest offsets this one starts from. */
  initialOffsetFrom?: string;
  dryRun: boolean;
}

export type PropertiesVerdict = { ok: true; value: TranslatedProperties } | { ok: false; key: string; detail: string };

function known(key: string): PropertyRule | undefined {
  return Object.prototype.hasOwnProperty.call(STATEMENT_PROPERTIES, key) ? STATEMENT_PROPERTIES[key] : undefined;
}

function validTimeZone(zone: string): boolean {
  if (/^(GMT|UTC)[+-]/.test(zone)) {
    const [h, m = '0'] = zone.slice(4).split(':');
    return Number(h) <= 18 && Number(m) < 60;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Checks every key and value and translates them; the first problem is reported with its key. */
export function translateStatementProperties(properties: Readonly<Record<string, unknown>>): PropertiesVerdict {
  const value: TranslatedProperties = { session: { ...SESSION_TIME_DEFAULTS }, tableScan: {}, dryRun: false };
  for (const [key, raw] of Object.entries(properties)) {
    const rule = known(key);
    if (!rule) {
      return {
        ok: false,
        key,
        detail: `Statement property '${key}' is not supported. Supported properties: ${Object.keys(STATEMENT_PROPERTIES).join(', ')}.`,
      };
    }
    const v = typeof raw === 'string' ? raw : '';
    if (!rule.pattern.test(v) || (key === 'sql.local-time-zone' && !validTimeZone(v))) {
      return { ok: false, key, detail: `Statement property '${key}' must be ${rule.expects}, not '${String(raw)}'.` };
    }
    if ('flink' in rule.to) value.session[rule.to.flink] = v;
    else if ('table' in rule.to) value.tableScan[rule.to.table] = v;
    else if (key === 'sql.current-catalog') value.currentCatalog = v;
    else if (key === 'sql.current-database') value.currentDatabase = v;
    else if (key === 'sql.dry-run') value.dryRun = v === 'true';
    else if (key === INITIAL_OFFSET_FROM) value.initialOffsetFrom = v;
  }
  const mode = value.tableScan['scan.startup.mode'];
  if ((mode === 'timestamp') !== 'scan.startup.timestamp-millis' in value.tableScan) {
    return {
      ok: false,
      key: 'sql.tables.scan.startup.timestamp-millis',
      detail:
        "sql.tables.scan.startup.mode 'timestamp' and sql.tables.scan.startup.timestamp-millis go together: set both or neither.",
    };
  }
  const bounded = value.tableScan['scan.bounded.mode'];
  if ((bounded === 'timestamp') !== 'scan.bounded.timestamp-millis' in value.tableScan) {
    return {
      ok: false,
      key: 'sql.tables.scan.bounded.timestamp-millis',
      detail:
        "sql.tables.scan.bounded.mode 'timestamp' and sql.tables.scan.bounded.timestamp-millis go together: set both or neither.",
    };
  }
  return { ok: true, value };
}
