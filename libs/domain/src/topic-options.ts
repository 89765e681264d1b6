import { sqlOptionPairs } from './sql-text';

/**
 * Table options that configure the table's topic rather than the connector: each is translated
 * to the Kafka topic config it means, applied when the table is created or altered, and read back
 * from the broker for SHOW CREATE TABLE, so what a user sees is what the broker holds.
 */

/** Table option → Kafka topic config. */
export const TOPIC_OPTIONS: Readonly<Record<string, string>> = Object.freeze({
  'kafka.retention.time': 'retention.ms',
  'kafka.retention.size': 'retention.bytes',
  'kafka.cleanup-policy': 'cleanup.policy',
  'kafka.max-message-size': 'max.message.bytes',
});

const DURATION_MS: Record<string, number> = {
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};
const SIZE_BYTES: Record<string, number> = {
  b: 1,
  bytes: 1,
  kb: 1024,
  k: 1024,
  mb: 1024 ** 2,
  m: 1024 ** 2,
  gb: 1024 ** 3,
  g: 1024 ** 3,
  tb: 1024 ** 4,
  t: 1024 ** 4,
};
const POLICIES: Record<string, string> = { delete: 'delete', compact: 'compact', 'delete-compact': 'compact,delete' };
/** Kafka's own bounds on a topic's largest record (the broker's message.max.bytes is the real cap). */
const MAX_MESSAGE_BYTES = 64 * 1024 ** 2;

function amount(value: string, units: Record<string, number>, unitless: string): number | null {
  const m = /^(\d{1,15}) ?([a-z]*)$/i.exec(value.trim());
  if (!m) return null;
  const unit = m[2].toLowerCase() || unitless;
  const factor = units[unit];
  const n = Number(m[1]) * (factor ?? NaN);
  return Number.isSafeInteger(n) ? n : null;
}

export type TopicConfigVerdict = { ok: true; config: Record<string, string> } | { ok: false; detail: string };

/**
 * The topic config a table's options ask for. `0` retention means keep forever (Kafka's -1).
 * Only the options present are returned: the caller sends the full set, so an option removed
 * with ALTER TABLE … RESET goes back to the broker's default.
 */
export function topicConfigOf(options: Readonly<Record<string, string>>): TopicConfigVerdict {
  const config: Record<string, string> = {};
  for (const [option, value] of Object.entries(options)) {
    if (!option.startsWith('kafka.')) continue;
    const name = Object.prototype.hasOwnProperty.call(TOPIC_OPTIONS, option) ? TOPIC_OPTIONS[option] : undefined;
    if (!name) {
      return {
        ok: false,
        detail: `Table option '${option}' is not supported: the topic options are ${Object.keys(TOPIC_OPTIONS).join(', ')}; partitions are the table's buckets (DISTRIBUTED INTO n BUCKETS).`,
      };
    }
    if (option === 'kafka.cleanup-policy') {
      const policy = POLICIES[value];
      if (!policy)
        return {
          ok: false,
          detail: `Table option '${option}' must be delete, compact or delete-compact, not '${value}'.`,
        };
      config[name] = policy;
      continue;
    }
    const isTime = option === 'kafka.retention.time';
    const n = isTime ? amount(value, DURATION_MS, 'ms') : amount(value, SIZE_BYTES, 'b');
    if (n === null) {
      return {
        ok: false,
        detail: `Table option '${option}' must be ${isTime ? "a duration such as '7 d', '12 h' or '0' (forever)" : "a size such as '1 gb', '10485760' or '0' (unlimited)"}, not '${value}'.`,
      };
    }
    if (option === 'kafka.max-message-size' && (n < 1024 || n > MAX_MESSAGE_BYTES)) {
      return { ok: false, detail: `Table option '${option}' must be between 1 kb and 64 mb, not '${value}'.` };
    }
    config[name] = String(n === 0 && option !== 'kafka.max-message-size' ? -1 : n);
  }
  return { ok: true, config };
}

/** The table options a topic's config stands for, as SHOW CREATE TABLE prints them. */
export function topicOptionsOf(config: Readonly<Record<string, string>>): Record<string, string> {
  const options: Record<string, string> = {};
  const retentionMs = config['retention.ms'];
  if (retentionMs !== undefined) options['kafka.retention.time'] = retentionMs === '-1' ? '0' : `${retentionMs} ms`;
  const retentionBytes = config['retention.bytes'];
  if (retentionBytes !== undefined)
    options['kafka.retention.size'] = retentionBytes === '-1' ? '0' : `${retentionBytes} b`;
  const policy = config['cleanup.policy'];
  if (policy !== undefined) {
    const normalized = policy.split(',').sort().join(',');
    options['kafka.cleanup-policy'] =
      Object.entries(POLICIES).find(([, v]) => v.split(',').sort().join(',') === normalized)?.[0] ?? policy;
  }
  const maxMessage = config['max.message.bytes'];
  if (maxMessage !== undefined) options['kafka.max-message-size'] = `${maxMessage} b`;
  return options;
}

/** Adds options to the WITH clause of a CREATE TABLE as Flink prints it (SHOW CREATE TABLE). */
export function withOptions(ddl: string, options: Readonly<Record<string, string>>): string {
  const entries = Object.entries(options);
  const close = ddl.lastIndexOf('\n)');
  if (entries.length === 0 || close < 0 || !ddl.includes('\nWITH (\n')) return ddl;
  const added = `,\n  ${sqlOptionPairs(options, ',\n  ')}`;
  return ddl.slice(0, close) + added + ddl.slice(close);
}
