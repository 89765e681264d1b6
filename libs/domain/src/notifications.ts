import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Events a subscription may ask for (notifications/v1 `event_types`). */
export const NOTIFICATION_EVENT_TYPES = [
  'STATEMENT_FAILED',
  'STATEMENT_DEGRADED',
  'STATEMENT_PENDING_STUCK',
  'COMPUTE_POOL_AT_MAX_CFU',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];
/** What a test-send delivers; never subscribed to. */
export const TEST_EVENT_TYPE = 'TEST';

export type NotificationFormat = 'JSON' | 'SLACK';

/** What happened, as the scheduler detects it (one per occurrence). */
export type NotificationSubject =
  | {
      kind: 'Statement';
      name: string;
      uid: string;
      computePoolId: string;
      phase: string;
      detail: string;
    }
  | { kind: 'ComputePool'; id: string; maxCfu: number; currentCfu: number };

export interface NotificationEvent {
  type: NotificationEventType | typeof TEST_EVENT_TYPE;
  organizationId: string;
  environmentId: string;
  subject: NotificationSubject;
  /** When the condition began (a phase change's event time, or when a condition was first seen). */
  occurredAt: Date;
  /** Minutes a condition had lasted when it was reported (stuck PENDING, pool at its cap). */
  forMinutes?: number;
}

/**
 * The key that makes one occurrence one notification per subscription: a phase change is the
 * statement event (seq) that made it; a lasting condition is identified by when it began.
 * Stored under a unique constraint, so a replayed event or a restarted check sends nothing twice.
 */
export function notificationDedupKey(event: NotificationEvent, occurrence: string): string {
  const subject = event.subject.kind === 'Statement' ? `statement:${event.subject.uid}` : `pool:${event.subject.id}`;
  return `${event.type}:${subject}:${occurrence}`;
}

/** Key of a lasting condition (notification_conditions): one row while it holds. */
export function conditionKey(type: 'STATEMENT_PENDING_STUCK' | 'COMPUTE_POOL_AT_MAX_CFU', id: string): string {
  return `${type}:${id}`;
}

/** Whether a condition seen since `since` has lasted `minutes` at `now`. */
export function conditionLasted(since: Date, minutes: number, now: Date): boolean {
  return now.getTime() - since.getTime() >= minutes * 60_000;
}

export function notificationSummary(event: NotificationEvent): string {
  const s = event.subject;
  const lasted = event.forMinutes !== undefined ? ` for ${event.forMinutes} min` : '';
  if (s.kind === 'ComputePool') {
    return `Compute pool ${s.id} in ${event.environmentId} has been at its max_cfu (${s.maxCfu} CFU)${lasted}.`;
  }
  const what: Record<string, string> = {
    STATEMENT_FAILED: 'FAILED',
    STATEMENT_DEGRADED: 'is DEGRADED',
    STATEMENT_PENDING_STUCK: `has been PENDING${lasted}`,
    TEST: 'test notification',
  };
  const detail = s.detail ? `: ${s.detail}` : '';
  return `Statement ${s.name} in ${event.environmentId} ${what[event.type]}${detail}`;
}

/** The JSON body of a notification (format JSON); see docs/notifications.md. */
export function notificationBody(id: string, event: NotificationEvent): Record<string, unknown> {
  const s = event.subject;
  const subject =
    s.kind === 'Statement'
      ? { kind: s.kind, name: s.name, uid: s.uid, compute_pool_id: s.computePoolId, phase: s.phase, detail: s.detail }
      : { kind: s.kind, id: s.id, max_cfu: s.maxCfu, current_cfu: s.currentCfu };
  return {
    id,
    type: event.type,
    occurred_at: event.occurredAt.toISOString(),
    organization_id: event.organizationId,
    environment_id: event.environmentId,
    ...(event.forMinutes !== undefined ? { for_minutes: event.forMinutes } : {}),
    summary: notificationSummary(event),
    subject,
  };
}

/** A Slack incoming-webhook message (format SLACK): `text` for notifications, blocks for the channel. */
export function slackBody(id: string, event: NotificationEvent): Record<string, unknown> {
  const summary = notificationSummary(event);
  const s = event.subject;
  const fields =
    s.kind === 'Statement'
      ? [`*Statement*\n${s.name}`, `*Phase*\n${s.phase}`, `*Compute pool*\n${s.computePoolId}`]
      : [`*Compute pool*\n${s.id}`, `*CFU*\n${s.currentCfu} / ${s.maxCfu}`];
  return {
    text: summary,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${event.type}* ${summary}` } },
      {
        type: 'section',
        fields: [...fields, `*Environment*\n${event.environmentId}`].map((text) => ({ type: 'mrkdwn', text })),
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `cflink notification ${id} · ${event.occurredAt.toISOString()}` }],
      },
    ],
  };
}

export function renderNotification(format: NotificationFormat, id: string, event: NotificationEvent): string {
  return JSON.stringify(format === 'SLACK' ? slackBody(id, event) : notificationBody(id, event));
}

export const SIGNATURE_HEADER = 'X-Cflink-Signature';
export const TIMESTAMP_HEADER = 'X-Cflink-Timestamp';

/** `v1=` + hex HMAC-SHA256 over `<timestamp>.<body>` with the subscription's secret. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (docs/notifications.md): recompute, compare in constant time, bound the age. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: number,
  body: string,
  signature: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A new signing secret, shown once at creation. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Signing secrets are stored encrypted (AES-256-GCM under a key derived from the operator's
 * CFLINK_NOTIFICATION_SECRET_KEY), not hashed: the scheduler must sign with them.
 */
function secretKey(masterKey: string): Buffer {
  return createHash('sha256').update(`cflink-webhook-secrets:${masterKey}`).digest();
}

export function sealWebhookSecret(secret: string, masterKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey(masterKey), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), sealed]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join(':');
}

export function openWebhookSecret(stored: string, masterKey: string): string {
  const [version, iv, tag, sealed] = stored.split(':');
  if (version !== 'v1' || !iv || !tag || !sealed) throw new Error('not a sealed webhook secret');
  const decipher = createDecipheriv('aes-256-gcm', secretKey(masterKey), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
}

/** Delay before retry `attempt` (1 = the first retry): base·2^(attempt−1), capped. */
export function deliveryBackoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Whether an HTTP answer counts as delivered; anything else is retried. */
export function deliveredStatus(status: number): boolean {
  return status >= 200 && status < 300;
}
