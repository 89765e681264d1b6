import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Events a subscription may ask for (notifications/v1 `event_types`). */
export const NOTIFICATION_EVENT_TYPES = [
  'STATEMENT_FAILED',
  'STATEMENT_DEGRADED',
  'STATEMENT_PENDING_STUCK',
  'COMPUTE_POOL_AT_MAX_CFU',
  'STATEMENT_DEAD_LETTERS',
  'CFU_BUDGET_CROSSED',
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
  | { kind: 'ComputePool'; id: string; maxCfu: number; currentCfu: number }
  | { kind: 'Environment'; id: string };

/** A statement as a notification's subject. */
export function statementSubject(
  row: { name: string; uid: string; computePoolId: string },
  phase: string,
  detail: string,
): NotificationSubject {
  return { kind: 'Statement', name: row.name, uid: row.uid, computePoolId: row.computePoolId, phase, detail };
}

/** What STATEMENT_DEAD_LETTERS reports: the window's dead letters and where to read them. */
export interface DeadLetterReport {
  newRecords: number;
  windowStart: Date;
  windowMinutes: number;
  /** The statement's dead-letter tables, qualified (`catalog`.`database`.`table`). */
  tables: string[];
  /** A query reading the statement's dead letters from its first table (null when none is known). */
  query: string | null;
}

/** What CFU_BUDGET_CROSSED reports: the period's metered usage against the subscription's budget. */
export interface BudgetReport {
  period: string;
  periodStart: Date;
  periodEnd: Date;
  budgetCfuMinutes: number;
  thresholdPercent: number;
  thresholdCfuMinutes: number;
  usedCfuMinutes: number;
  /** The pool the budget covers; null for the whole environment. */
  computePoolId: string | null;
}

export interface NotificationEvent {
  type: NotificationEventType | typeof TEST_EVENT_TYPE;
  organizationId: string;
  environmentId: string;
  subject: NotificationSubject;
  /** When the condition began (a phase change's event time, or when a condition was first seen). */
  occurredAt: Date;
  /** Minutes a condition had lasted when it was reported (stuck PENDING, pool at its cap). */
  forMinutes?: number;
  deadLetters?: DeadLetterReport;
  budget?: BudgetReport;
}

/**
 * The key that makes one occurrence one notification per subscription: a phase change is the
 * statement event (seq) that made it; a lasting condition is identified by when it began.
 * Stored under a unique constraint, so a replayed event or a restarted check sends nothing twice.
 */
export function notificationDedupKey(event: NotificationEvent, occurrence: string): string {
  const s = event.subject;
  const subject =
    s.kind === 'Statement' ? `statement:${s.uid}` : s.kind === 'ComputePool' ? `pool:${s.id}` : `env:${s.id}`;
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
  const b = event.budget;
  if (b) {
    const scope = b.computePoolId
      ? `Compute pool ${b.computePoolId} in ${event.environmentId}`
      : `Environment ${event.environmentId}`;
    return `${scope} used ${b.usedCfuMinutes} CFU-minutes in ${b.period}, ${b.thresholdPercent}% of its budget of ${b.budgetCfuMinutes} CFU-minutes.`;
  }
  if (s.kind === 'Environment') return `Environment ${s.id}: ${event.type}`;
  if (s.kind === 'ComputePool') {
    return `Compute pool ${s.id} in ${event.environmentId} has been at its max_cfu (${s.maxCfu} CFU)${lasted}.`;
  }
  const what: Record<string, string> = {
    STATEMENT_FAILED: 'FAILED',
    STATEMENT_DEGRADED: 'is DEGRADED',
    STATEMENT_PENDING_STUCK: `has been PENDING${lasted}`,
    STATEMENT_DEAD_LETTERS: deadLetterWhat(event.deadLetters),
    TEST: 'test notification',
  };
  if (event.type === 'STATEMENT_DEAD_LETTERS')
    return `Statement ${s.name} in ${event.environmentId} ${what[event.type]}`;
  const detail = s.detail ? `: ${s.detail}` : '';
  return `Statement ${s.name} in ${event.environmentId} ${what[event.type]}${detail}`;
}

function deadLetterWhat(d: DeadLetterReport | undefined): string {
  if (!d) return 'wrote dead letters';
  const where = d.tables.length ? ` to ${d.tables.join(', ')}` : '';
  const n = d.newRecords === 1 ? '1 dead letter' : `${d.newRecords} dead letters`;
  return `wrote ${n}${where} since ${d.windowStart.toISOString()} (one notification per ${d.windowMinutes} min)`;
}

function subjectBody(s: NotificationSubject): Record<string, unknown> {
  if (s.kind === 'Statement') {
    return {
      kind: s.kind,
      name: s.name,
      uid: s.uid,
      compute_pool_id: s.computePoolId,
      phase: s.phase,
      detail: s.detail,
    };
  }
  if (s.kind === 'ComputePool') return { kind: s.kind, id: s.id, max_cfu: s.maxCfu, current_cfu: s.currentCfu };
  return { kind: s.kind, id: s.id };
}

function extrasBody(event: NotificationEvent): Record<string, unknown> {
  const d = event.deadLetters;
  const b = event.budget;
  return {
    ...(event.forMinutes !== undefined ? { for_minutes: event.forMinutes } : {}),
    ...(d
      ? {
          dead_letters: {
            new_records: d.newRecords,
            window_start: d.windowStart.toISOString(),
            window_minutes: d.windowMinutes,
            tables: d.tables,
            query: d.query,
          },
        }
      : {}),
    ...(b
      ? {
          budget: {
            period: b.period,
            period_start: b.periodStart.toISOString(),
            period_end: b.periodEnd.toISOString(),
            cfu_minutes: b.budgetCfuMinutes,
            threshold_percent: b.thresholdPercent,
            threshold_cfu_minutes: b.thresholdCfuMinutes,
            used_cfu_minutes: b.usedCfuMinutes,
            compute_pool_id: b.computePoolId,
          },
        }
      : {}),
  };
}

/** The JSON body of a notification (format JSON); see docs/notifications.md. */
export function notificationBody(id: string, event: NotificationEvent): Record<string, unknown> {
  const subject = subjectBody(event.subject);
  return {
    id,
    type: event.type,
    occurred_at: event.occurredAt.toISOString(),
    organization_id: event.organizationId,
    environment_id: event.environmentId,
    ...extrasBody(event),
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
      : s.kind === 'ComputePool'
        ? [`*Compute pool*\n${s.id}`, `*CFU*\n${s.currentCfu} / ${s.maxCfu}`]
        : [];
  if (event.deadLetters?.query) fields.push(`*Read them*\n\`${event.deadLetters.query}\``);
  if (event.budget) {
    const b = event.budget;
    fields.push(`*CFU-minutes*\n${b.usedCfuMinutes} / ${b.budgetCfuMinutes} (${b.period})`);
  }
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
