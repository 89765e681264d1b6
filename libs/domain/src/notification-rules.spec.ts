import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  budgetPeriod,
  counterIncrease,
  crossedThresholds,
  deadLetterQuery,
  deadLettersInWindow,
  deadLetterTablesOf,
  deadLetterWindowStart,
  thresholdCfuMinutes,
} from './notification-rules';
import {
  notificationBody,
  notificationDedupKey,
  notificationSummary,
  slackBody,
  type NotificationEvent,
} from './notifications';

const t = (iso: string) => new Date(iso);

describe('dead-letter windows', () => {
  it('aligns windows to UTC', () => {
    assert.equal(deadLetterWindowStart(t('2026-11-28T10:59:59Z'), 60).toISOString(), '2026-11-28T10:00:00.000Z');
    assert.equal(deadLetterWindowStart(t('2026-11-28T10:17:00Z'), 15).toISOString(), '2026-11-28T10:15:00.000Z');
    assert.equal(deadLetterWindowStart(t('2026-11-28T10:17:00Z'), 1440).toISOString(), '2026-11-28T00:00:00.000Z');
  });

  it("counts a window's dead letters, and nothing for a window without growth", () => {
    const growth = [
      { at: t('2026-11-28T09:58:00Z'), increase: 5 }, // the previous window
      { at: t('2026-11-28T10:01:00Z'), increase: 2 },
      { at: t('2026-11-28T10:02:00Z'), increase: 0 },
      { at: t('2026-11-28T10:03:00Z'), increase: 1 },
    ];
    assert.deepEqual(deadLettersInWindow(growth, t('2026-11-28T10:04:00Z'), 60), {
      windowStart: t('2026-11-28T10:00:00Z'),
      count: 3,
    });
    // A steady trickle: every window has growth, each window is one occurrence (its start).
    assert.equal(
      deadLettersInWindow(growth, t('2026-11-28T09:59:00Z'), 60)?.windowStart.toISOString(),
      '2026-11-28T09:00:00.000Z',
    );
    assert.equal(deadLettersInWindow(growth, t('2026-11-28T11:00:00Z'), 60), null);
    assert.equal(deadLettersInWindow([], t('2026-11-28T10:04:00Z'), 60), null);
  });

  it('takes a drop of the counter for a restarted job counting from 0', () => {
    assert.equal(counterIncrease(null, 4), 4);
    assert.equal(counterIncrease(4, 9), 5);
    assert.equal(counterIncrease(9, 2), 2);
    assert.equal(counterIncrease(9, 9), 0);
  });

  it('finds the dead-letter tables of the tables a statement reads in mode log', () => {
    const crn = (topic: string) =>
      `crn://confluent.cloud/organization=o/environment=env-a/cloud-cluster=lkc-a/kafka=lkc-a/topic=${topic}`;
    const defs: Record<string, string> = {
      orders: "(\n  `id` INT\n)\nWITH (\n  'error-handling.mode' = 'log'\n)",
      clicks:
        "(\n  `id` INT\n)\nWITH (\n  'error-handling.mode' = 'log',\n  'error-handling.log.target' = 'bad_clicks'\n)",
      plain: "(\n  `id` INT\n)\nWITH (\n  'value.format' = 'json'\n)",
    };
    const reads = ['orders', 'clicks', 'plain', 'missing'].map((n) => ({
      table: `\`dev\`.\`cluster_0\`.\`${n}\``,
      topicCrn: crn(n),
    }));
    const tables = deadLetterTablesOf(reads, (cluster, table) => (cluster === 'lkc-a' ? defs[table] : undefined));
    assert.deepEqual(tables, ['`dev`.`cluster_0`.`bad_clicks`', '`dev`.`cluster_0`.`error_log`']);
    assert.equal(
      deadLetterQuery(tables[1], "it's"),
      "SELECT * FROM `dev`.`cluster_0`.`error_log` WHERE statement_name = 'it''s'",
    );
  });
});

describe('CFU-minute budgets', () => {
  it('uses calendar months in UTC', () => {
    assert.deepEqual(budgetPeriod(t('2026-11-28T23:59:59Z')), {
      label: '2026-11',
      start: t('2026-11-01T00:00:00Z'),
      end: t('2026-12-01T00:00:00Z'),
    });
    assert.equal(budgetPeriod(t('2026-12-31T12:00:00Z')).end.toISOString(), '2027-01-01T00:00:00.000Z');
  });

  it('crosses a threshold on reaching it, each threshold once in the list', () => {
    assert.equal(thresholdCfuMinutes(1000, 80), 800);
    assert.equal(thresholdCfuMinutes(3, 50), 2);
    assert.deepEqual(crossedThresholds(799, 1000, [100, 80, 50]), [50]);
    assert.deepEqual(crossedThresholds(800, 1000, [100, 80, 50, 80]), [50, 80]);
    assert.deepEqual(crossedThresholds(1500, 1000, [150, 100]), [100, 150]);
    assert.deepEqual(crossedThresholds(0, 1000, [1]), []);
  });

  it('renders the budget event and keys it by environment', () => {
    const event: NotificationEvent = {
      type: 'CFU_BUDGET_CROSSED',
      organizationId: 'o',
      environmentId: 'env-a',
      subject: { kind: 'Environment', id: 'env-a' },
      occurredAt: t('2026-11-28T10:00:00Z'),
      budget: {
        period: '2026-11',
        periodStart: t('2026-11-01T00:00:00Z'),
        periodEnd: t('2026-12-01T00:00:00Z'),
        budgetCfuMinutes: 1000,
        thresholdPercent: 80,
        thresholdCfuMinutes: 800,
        usedCfuMinutes: 812,
        computePoolId: null,
      },
    };
    assert.equal(notificationDedupKey(event, '2026-11:80:1000'), 'CFU_BUDGET_CROSSED:env:env-a:2026-11:80:1000');
    assert.equal(
      notificationSummary(event),
      'Environment env-a used 812 CFU-minutes in 2026-11, 80% of its budget of 1000 CFU-minutes.',
    );
    const body = notificationBody('n-1', event);
    assert.deepEqual(body.subject, { kind: 'Environment', id: 'env-a' });
    assert.deepEqual(body.budget, {
      period: '2026-11',
      period_start: '2026-11-01T00:00:00.000Z',
      period_end: '2026-12-01T00:00:00.000Z',
      cfu_minutes: 1000,
      threshold_percent: 80,
      threshold_cfu_minutes: 800,
      used_cfu_minutes: 812,
      compute_pool_id: null,
    });
    assert.match(JSON.stringify(slackBody('n-1', event)), /812 \/ 1000 \(2026-11\)/);
  });

  it('renders the dead-letter event with its tables and query', () => {
    const event: NotificationEvent = {
      type: 'STATEMENT_DEAD_LETTERS',
      organizationId: 'o',
      environmentId: 'env-a',
      subject: { kind: 'Statement', name: 'copy', uid: 'u-1', computePoolId: 'lfcp-1', phase: 'RUNNING', detail: '' },
      occurredAt: t('2026-11-28T10:03:00Z'),
      deadLetters: {
        newRecords: 3,
        windowStart: t('2026-11-28T10:00:00Z'),
        windowMinutes: 60,
        tables: ['`dev`.`cluster_0`.`error_log`'],
        query: "SELECT * FROM `dev`.`cluster_0`.`error_log` WHERE statement_name = 'copy'",
      },
    };
    assert.equal(
      notificationSummary(event),
      'Statement copy in env-a wrote 3 dead letters to `dev`.`cluster_0`.`error_log` since 2026-11-28T10:00:00.000Z (one notification per 60 min)',
    );
    const body = notificationBody('n-2', event);
    assert.deepEqual(body.dead_letters, {
      new_records: 3,
      window_start: '2026-11-28T10:00:00.000Z',
      window_minutes: 60,
      tables: ['`dev`.`cluster_0`.`error_log`'],
      query: "SELECT * FROM `dev`.`cluster_0`.`error_log` WHERE statement_name = 'copy'",
    });
    assert.match(JSON.stringify(slackBody('n-2', event)), /Read them/);
  });
});
