import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storable, withoutClientProperties } from './result-writer';

describe('storable', () => {
  it('replaces NUL, which jsonb cannot hold, anywhere in a row', () => {
    assert.deepEqual(storable(['a\u0000b', { x: ['\u0000'] }]), ['a\ufffdb', { x: ['\ufffd'] }]);
  });

  it('leaves rows without NUL, and the text of an escaped backslash, as they are', () => {
    const row = ['plain', 'lit \\u0000 text', 1];
    assert.equal(storable(row), row);
    assert.deepEqual(storable(['\\\u0000']), ['\\\ufffd']);
  });
});

describe('withoutClientProperties', () => {
  it("drops the session's Kafka client settings from a table's definition", () => {
    const shown =
      "CREATE TABLE `e`.`c`.`t` (\n  `id` INT\n)\nWITH (\n  'connector' = 'cflink-kafka',\n" +
      "  'properties.bootstrap.servers' = '127.0.0.1:9092',\n" +
      '  \'properties.sasl.jaas.config\' = \'m required username="sa-1" password="p";\'\n)\n';
    const [row] = withoutClientProperties([{ kind: 'INSERT', fields: [shown, 1] }]);
    assert.equal(
      row.fields[0],
      "CREATE TABLE `e`.`c`.`t` (\n  `id` INT\n)\nWITH (\n  'connector' = 'cflink-kafka'\n)\n",
    );
    assert.equal(row.fields[1], 1);
  });
});
