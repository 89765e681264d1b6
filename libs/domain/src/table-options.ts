/** The options a user may give a table, and the first one that is not allowed. */

import { TOPIC_OPTIONS, topicConfigOf } from './topic-options';
import { ERROR_HANDLING_OPTIONS, invalidErrorHandlingOption } from './error-handling';

/** Default number of partitions of a table's topic without `DISTRIBUTED … INTO n BUCKETS`. */
export const DEFAULT_BUCKETS = 6;
export const MAX_BUCKETS = 1024;

/** Options a user may set on a table; the connector, topic and client properties are the engine's. */
const USER_OPTIONS = new Set([
  'changelog.mode',
  'key.format',
  'value.format',
  'key.fields-prefix',
  'value.fields-include',
  'scan.startup.mode',
  'scan.startup.timestamp-millis',
  'scan.startup.specific-offsets',
  'scan.bounded.mode',
  'scan.bounded.timestamp-millis',
  'scan.bounded.specific-offsets',
]);
const USER_OPTION_PREFIXES = ['json.', 'key.json.', 'value.json.', 'raw.', 'key.raw.', 'value.raw.'];
export const FORMATS = ['json', 'raw'];

/**
 * The first option the user may not set, with what to do instead; null when all are allowed.
 * `table` (the table's name) lets a dead-letter target naming the table itself be refused.
 */
export function invalidUserOption(options: Record<string, string>, table: string | null = null): string | null {
  for (const [key, value] of Object.entries(options)) {
    if (key.startsWith('kafka.')) {
      const topic = topicConfigOf({ [key]: value });
      if (!topic.ok) return topic.detail;
      continue;
    }
    if (key.startsWith('error-handling.')) {
      const invalid = invalidErrorHandlingOption(table, { [key]: value });
      if (invalid) return invalid;
      continue;
    }
    const allowed = USER_OPTIONS.has(key) || USER_OPTION_PREFIXES.some((p) => key.startsWith(p));
    if (!allowed) {
      return `Table option '${key}' cannot be set: cflink manages the connector, topic and Kafka client of every table. Remove it; allowed options are ${[...USER_OPTIONS].join(', ')}, the topic options (${Object.keys(TOPIC_OPTIONS).join(', ')}), the error-handling options (${ERROR_HANDLING_OPTIONS.join(', ')}) and format options (json.*, raw.*).`;
    }
    if ((key === 'key.format' || key === 'value.format') && !FORMATS.includes(value)) {
      return `Table option '${key}' = '${value}' is not supported; use one of ${FORMATS.join(', ')}.`;
    }
  }
  return null;
}
