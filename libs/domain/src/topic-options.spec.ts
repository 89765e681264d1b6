import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidUserOption } from './table-options';
import { topicConfigOf, topicOptionsOf, withOptions } from './topic-options';

describe('topic options', () => {
  it('translate to the topic config they mean', () => {
    assert.deepEqual(
      topicConfigOf({
        'kafka.retention.time': '7 d',
        'kafka.retention.size': '1 gb',
        'kafka.cleanup-policy': 'delete-compact',
        'kafka.max-message-size': '2 mb',
        'value.format': 'json',
      }),
      {
        ok: true,
        config: {
          'retention.ms': '604800000',
          'retention.bytes': '1073741824',
          'cleanup.policy': 'compact,delete',
          'max.message.bytes': '2097152',
        },
      },
    );
    assert.deepEqual(topicConfigOf({ 'kafka.retention.time': '0', 'kafka.retention.size': '0' }), {
      ok: true,
      config: { 'retention.ms': '-1', 'retention.bytes': '-1' },
    });
    assert.deepEqual(topicConfigOf({ 'kafka.retention.time': '3600000' }), {
      ok: true,
      config: { 'retention.ms': '3600000' },
    });
  });

  it('refuse what the product cannot honour, naming the option', () => {
    for (const [option, value, detail] of [
      ['kafka.partitions', '3', /'kafka\.partitions' is not supported.*BUCKETS/],
      ['kafka.retention.time', 'a week', /must be a duration/],
      ['kafka.retention.size', '-5', /must be a size/],
      ['kafka.cleanup-policy', 'archive', /delete, compact or delete-compact/],
      ['kafka.max-message-size', '10', /between 1 kb and 64 mb/],
      ['kafka.retention.time', '99999999999999 d', /must be a duration/],
    ] as const) {
      const verdict = topicConfigOf({ [option]: value });
      assert.equal(verdict.ok, false, `${option}=${value}`);
      assert.match((verdict as { detail: string }).detail, detail);
      assert.match(invalidUserOption({ [option]: value }) ?? '', detail);
    }
  });

  it('read back from the broker as the table options', () => {
    assert.deepEqual(
      topicOptionsOf({ 'retention.ms': '-1', 'cleanup.policy': 'delete,compact', 'max.message.bytes': '2097152' }),
      { 'kafka.retention.time': '0', 'kafka.cleanup-policy': 'delete-compact', 'kafka.max-message-size': '2097152 b' },
    );
    assert.deepEqual(topicOptionsOf({ 'retention.ms': '86400000', 'retention.bytes': '10' }), {
      'kafka.retention.time': '86400000 ms',
      'kafka.retention.size': '10 b',
    });
  });

  it('are added to a printed CREATE TABLE', () => {
    const shown = "CREATE TABLE `e`.`d`.`t` (\n  `a` INT\n)\nWITH (\n  'connector' = 'kafka'\n)\n";
    assert.equal(
      withOptions(shown, { 'kafka.retention.time': '0' }),
      "CREATE TABLE `e`.`d`.`t` (\n  `a` INT\n)\nWITH (\n  'connector' = 'kafka',\n  'kafka.retention.time' = '0'\n)\n",
    );
    assert.equal(withOptions(shown, {}), shown);
  });
});
