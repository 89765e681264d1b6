import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildBillingReport, parsePrice, reportPeriod } from '#domain';
import { reportCsv } from './report-csv';
import { money } from './report-format';

describe('report CSV and wording', () => {
  const report = buildBillingReport({
    organizationId: 'org',
    period: reportPeriod({ start_date: '2026-11-01', end_date: '2026-11-02' }, 366),
    rows: [
      {
        day: '2026-11-01',
        environmentId: 'env-1',
        computePoolId: 'lfcp-1',
        flinkRegion: 'aws.us-east-1',
        statementUid: 'u1',
        principal: 'User:sa-1',
        cfuMinutes: 90n,
      },
    ],
    priceOf: () => parsePrice('0.21'),
    poolName: () => 'big, "main"',
    statementName: () => '=HYPERLINK("x")',
    top: 10,
  });

  it('quotes what needs quoting, defuses formulas, ends every record with CRLF', () => {
    const lines = reportCsv(report).split('\r\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '');
    assert.equal(
      lines[1],
      `2026-11-01,env-1,lfcp-1,"big, ""main""",aws.us-east-1,u1,"'=HYPERLINK(""x"")",User:sa-1,90,1.5,0.315,USD`,
    );
  });

  it('writes money with 2 to 6 decimals', () => {
    assert.deepEqual([0, 0.315, 12.5, 0.000001, 454.23].map(money), [
      '$0.00',
      '$0.315',
      '$12.50',
      '$0.000001',
      '$454.23',
    ]);
  });
});
