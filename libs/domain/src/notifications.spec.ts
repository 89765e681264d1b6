import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  conditionLasted,
  deliveryBackoffMs,
  newWebhookSecret,
  notificationBody,
  notificationDedupKey,
  openWebhookSecret,
  renderNotification,
  sealWebhookSecret,
  slackBody,
  verifyWebhookSignature,
  webhookSignature,
  type NotificationEvent,
} from './notifications';

const failed: NotificationEvent = {
  type: 'STATEMENT_FAILED',
  organizationId: 'org-1',
  environmentId: 'env-abc',
  subject: { kind: 'Statement', name: 'orders', uid: 'u-1', computePoolId: 'lfcp-1', phase: 'FAILED', detail: 'boom' },
  occurredAt: new Date('2026-01-01T00:00:00Z'),
};
const atCap: NotificationEvent = {
  type: 'COMPUTE_POOL_AT_MAX_CFU',
  organizationId: 'org-1',
  environmentId: 'env-abc',
  subject: { kind: 'ComputePool', id: 'lfcp-1', maxCfu: 10, currentCfu: 10 },
  occurredAt: new Date('2026-01-01T00:00:00Z'),
  forMinutes: 5,
};

describe('notifications', () => {
  it('keys one occurrence per subject', () => {
    assert.equal(notificationDedupKey(failed, '17'), 'STATEMENT_FAILED:statement:u-1:17');
    assert.equal(notificationDedupKey(atCap, 'x'), 'COMPUTE_POOL_AT_MAX_CFU:pool:lfcp-1:x');
    assert.notEqual(notificationDedupKey(failed, '17'), notificationDedupKey(failed, '18'));
  });

  it('shapes JSON and Slack bodies', () => {
    assert.deepEqual(notificationBody('n-1', failed), {
      id: 'n-1',
      type: 'STATEMENT_FAILED',
      occurred_at: '2026-01-01T00:00:00.000Z',
      organization_id: 'org-1',
      environment_id: 'env-abc',
      summary: 'Statement orders in env-abc FAILED: boom',
      subject: {
        kind: 'Statement',
        name: 'orders',
        uid: 'u-1',
        compute_pool_id: 'lfcp-1',
        phase: 'FAILED',
        detail: 'boom',
      },
    });
    const pool = notificationBody('n-2', atCap);
    assert.equal(pool.for_minutes, 5);
    assert.equal(pool.summary, 'Compute pool lfcp-1 in env-abc has been at its max_cfu (10 CFU) for 5 min.');
    const slack = slackBody('n-1', failed) as { text: string; blocks: { type: string }[] };
    assert.equal(slack.text, 'Statement orders in env-abc FAILED: boom');
    assert.deepEqual(
      slack.blocks.map((b) => b.type),
      ['section', 'section', 'context'],
    );
    assert.equal(JSON.parse(renderNotification('SLACK', 'n-1', failed)).text, slack.text);
    assert.equal(JSON.parse(renderNotification('JSON', 'n-1', failed)).type, 'STATEMENT_FAILED');
  });

  it('signs timestamp and body, and verifies within the tolerance', () => {
    const secret = 'whsec_test';
    const sig = webhookSignature(secret, 1700000000, '{"a":1}');
    assert.match(sig, /^v1=[0-9a-f]{64}$/);
    assert.equal(verifyWebhookSignature(secret, 1700000000, '{"a":1}', sig, 1700000010), true);
    assert.equal(verifyWebhookSignature(secret, 1700000000, '{"a":2}', sig, 1700000010), false);
    assert.equal(verifyWebhookSignature('other', 1700000000, '{"a":1}', sig, 1700000010), false);
    assert.equal(verifyWebhookSignature(secret, 1700000000, '{"a":1}', sig, 1700001000), false);
    assert.notEqual(webhookSignature(secret, 1700000001, '{"a":1}'), sig);
  });

  it('seals secrets so only the same key opens them', () => {
    const secret = newWebhookSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
    const sealed = sealWebhookSecret(secret, 'key-1');
    assert.ok(!sealed.includes(secret));
    assert.notEqual(sealWebhookSecret(secret, 'key-1'), sealed);
    assert.equal(openWebhookSecret(sealed, 'key-1'), secret);
    assert.throws(() => openWebhookSecret(sealed, 'key-2'));
  });

  it('backs off exponentially up to a cap', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => deliveryBackoffMs(n, 10_000, 600_000)),
      [10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000],
    );
  });

  it('measures how long a condition lasted', () => {
    const since = new Date('2026-01-01T00:00:00Z');
    assert.equal(conditionLasted(since, 5, new Date('2026-01-01T00:04:59Z')), false);
    assert.equal(conditionLasted(since, 5, new Date('2026-01-01T00:05:00Z')), true);
  });
});
