import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCanonicalTable, storedDefinition } from './canonical-table';
import { connectorOptions } from './table-connector';
import { invalidUserOption } from './table-options';
import {
  DEAD_LETTER_DEFINITION,
  errorHandlingOf,
  invalidErrorHandlingOption,
  withoutSessionErrorOptions,
} from './error-handling';

const conn = { bootstrapServers: 'k:9092' };
const table = (options: string) =>
  parseCanonicalTable(`CREATE TABLE \`c\`.\`d\`.\`orders\` (\n  \`id\` INT\n)\nWITH (\n${options}\n)\n`);

describe('error-handling options', () => {
  it('accepts the modes and a target in the same database', () => {
    for (const mode of ['fail', 'ignore', 'log']) {
      assert.equal(invalidUserOption({ 'error-handling.mode': mode }, 'orders'), null);
    }
    assert.equal(invalidUserOption({ 'error-handling.log.target': 'orders_dlq' }, 'orders'), null);
  });

  it('refuses bad values with a detail saying what to write', () => {
    assert.equal(
      invalidErrorHandlingOption('t', { 'error-handling.mode': 'skip' }),
      "Table option 'error-handling.mode' must be one of fail, ignore, log, not 'skip'.",
    );
    assert.match(invalidErrorHandlingOption('t', { 'error-handling.mode': 'LOG' }) ?? '', /not 'LOG'/);
    assert.match(
      invalidErrorHandlingOption('t', { 'error-handling.log.target': 'other.db.t' }) ?? '',
      /must name a table of the same database/,
    );
    assert.match(invalidErrorHandlingOption('t', { 'error-handling.log.target': 't' }) ?? '', /the table itself/);
  });

  it('keeps the connector-only options out of tenants’ hands (fail closed on the prefix)', () => {
    for (const key of ['error-handling.log.topic', 'error-handling.statement', 'error-handling.anything']) {
      assert.match(
        invalidUserOption({ [key]: 'x' }, 'orders') ?? '',
        /is not supported: the error-handling options are/,
      );
    }
  });

  it('defaults to fail with the error_log target', () => {
    assert.deepEqual(errorHandlingOf({}), { mode: 'fail', target: 'error_log' });
    assert.deepEqual(errorHandlingOf({ 'error-handling.mode': 'log', 'error-handling.log.target': 'x' }), {
      mode: 'log',
      target: 'x',
    });
  });

  it('becomes connector options: the target as its topic, the reading statement named', () => {
    const log = table("  'error-handling.mode' = 'log',\n  'error-handling.log.target' = 'bad_orders'");
    const options = connectorOptions(log, 'lkc-1.orders', conn, 'p', {}, { name: 'stmt-1', clusterId: 'lkc-1' });
    assert.equal(options.connector, 'cflink-kafka');
    assert.equal(options['error-handling.mode'], 'log');
    assert.equal(options['error-handling.log.topic'], 'lkc-1.bad_orders');
    assert.equal(options['error-handling.statement'], 'stmt-1');
    assert.equal(options['error-handling.log.target'], undefined, 'a table option, not a connector option');
    const ignore = connectorOptions(table("  'error-handling.mode' = 'ignore'"), 'lkc-1.orders', conn, 'p');
    assert.equal(ignore['error-handling.mode'], 'ignore');
    assert.equal(ignore['error-handling.log.topic'], undefined);
    assert.equal(ignore['error-handling.max-record-bytes'], undefined, "the broker's default limit");
  });

  it("gives a sink the topic's record size limit, which SHOW CREATE TABLE does not show", () => {
    const limited = table("  'kafka.max-message-size' = '2 kb'");
    const options = connectorOptions(limited, 'lkc-1.orders', conn, 'p');
    assert.equal(options['error-handling.max-record-bytes'], '2048');
    assert.equal(options['kafka.max-message-size'], undefined, 'a topic option, not a connector option');
    const shown = withoutSessionErrorOptions(
      "CREATE TABLE t (\n  a INT\n) WITH (\n  'connector' = 'cflink-kafka',\n  'error-handling.max-record-bytes' = '2048'\n)",
    );
    assert.doesNotMatch(shown, /max-record-bytes/);
  });

  it('stores the dead-letter table as the catalog stores any table', () => {
    const parsed = parseCanonicalTable(`CREATE TABLE \`c\`.\`d\`.\`error_log\` ${DEAD_LETTER_DEFINITION}\n`);
    assert.equal(storedDefinition(parsed), DEAD_LETTER_DEFINITION);
    assert.equal(parsed.distribution?.buckets, 1);
    assert.deepEqual(parsed.options, { 'value.format': 'json' });
    assert.match(parsed.body, /`source_record` ROW<`topic` STRING, `partition` INT, `offset` BIGINT/);
    assert.equal(invalidUserOption(parsed.options, 'error_log'), null);
  });

  it('hides the session wiring from SHOW CREATE TABLE, keeping the table options', () => {
    const shown =
      "CREATE TABLE `c`.`d`.`t` (\n  `a` INT\n)\nWITH (\n  'connector' = 'cflink-kafka',\n  'error-handling.log.topic' = 'lkc-1.error_log',\n  'error-handling.mode' = 'log',\n  'error-handling.statement' = 's'\n)\n";
    assert.equal(
      withoutSessionErrorOptions(shown),
      "CREATE TABLE `c`.`d`.`t` (\n  `a` INT\n)\nWITH (\n  'connector' = 'cflink-kafka',\n  'error-handling.mode' = 'log'\n)\n",
    );
  });
});
