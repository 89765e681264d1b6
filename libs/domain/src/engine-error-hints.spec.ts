import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionableEngineDetail } from './engine-error-hints';

describe('actionableEngineDetail', () => {
  it('says what to do about DESCRIPTOR(PROCTIME()), keeping Flink text after it', () => {
    // As Flink 2.2 reports TUMBLE(TABLE t, DESCRIPTOR(PROCTIME()), …).
    const raw =
      'java.lang.ClassCastException: class org.apache.calcite.sql.SqlBasicCall cannot be cast to class org.apache.calcite.sql.SqlIdentifier (org.apache.calcite.sql.SqlBasicCall and org.apache.calcite.sql.SqlIdentifier are in unnamed module of loader …)';
    const detail = actionableEngineDetail(raw);
    assert.match(
      detail,
      /^A window table function takes the name of a time column .*DESCRIPTOR\(\$rowtime\).*PROCTIME\(\)\) is not supported\. Flink: java\.lang\.ClassCastException/,
    );
    assert.ok(detail.endsWith(raw));
  });

  it('explains event-time columns through regular joins and unquoted qualified $rowtime', () => {
    assert.match(
      actionableEngineDetail(
        'org.apache.flink.table.api.TableException: Rowtime attributes must not be in the input rows of a regular join. As a workaround …',
      ),
      /^A regular join cannot carry an event-time column through/,
    );
    assert.match(
      actionableEngineDetail(
        'org.apache.flink.sql.parser.impl.ParseException: Encountered "o.$rowtime" at line 1, column 128.',
      ),
      /^A qualified \$rowtime must be quoted: write o\.`\$rowtime`\. Flink: /,
    );
  });

  it('leaves other messages as they are', () => {
    const raw = "org.apache.flink.table.api.ValidationException: Object 'nope' not found";
    assert.equal(actionableEngineDetail(raw), raw);
  });
});
