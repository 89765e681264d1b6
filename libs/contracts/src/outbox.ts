/**
 * Records of `outbox_commands`: written by the API in the transaction of the change that needs
 * them, read by the scheduler's relay through `readOutboxCommand`. The command column names the
 * payload's schema; the payload carries its version.
 */
import { z } from 'zod';
import { environmentId, kafkaClusterId, resourceVersion, statementName, uid } from './fields';
import { defineMessage, type MessageContract, type MessageRead } from './message';

const MAX_PAYLOAD_BYTES = 4 * 1024;

/** Start (admission decides when), stop or resume: the statement as of `resourceVersion`. */
export const StatementCommandPayloadV1 = z.strictObject({
  version: z.literal(1),
  environmentId,
  name: statementName,
  resourceVersion,
  resume: z.boolean(),
});

export const DeleteStatementPayloadV1 = z.strictObject({
  version: z.literal(1),
  environmentId,
  name: statementName,
});

/**
 * An environment was deleted: the scheduler of `flinkRegion` deletes the topics of its logical
 * Kafka cluster (`<kafkaClusterId>.<table>`) from that region's Kafka, and the broker access only
 * it needed. One record per region the deployment serves; the subject is the environment id.
 */
export const PurgeEnvironmentPayloadV1 = z.strictObject({
  version: z.literal(1),
  flinkRegion: z
    .string()
    .regex(/^[a-z0-9]{1,16}\.[a-z0-9-]{1,64}$/, 'expected a Flink region id such as aws.us-east-1'),
  kafkaClusterId,
});

export const PURGE_ENVIRONMENT = 'PurgeEnvironment' as const;

const payloads = {
  StartStatement: defineMessage('StartStatement payload', MAX_PAYLOAD_BYTES, { 1: StatementCommandPayloadV1 }),
  StopStatement: defineMessage('StopStatement payload', MAX_PAYLOAD_BYTES, { 1: StatementCommandPayloadV1 }),
  DeleteStatement: defineMessage('DeleteStatement payload', MAX_PAYLOAD_BYTES, { 1: DeleteStatementPayloadV1 }),
  [PURGE_ENVIRONMENT]: defineMessage('PurgeEnvironment payload', MAX_PAYLOAD_BYTES, { 1: PurgeEnvironmentPayloadV1 }),
} satisfies Record<string, MessageContract<unknown>>;

type Payloads = typeof payloads;
type PayloadOf<C extends keyof Payloads> = Payloads[C] extends MessageContract<infer T> ? T : never;

/** An outbox record as the API writes it and the relay reads it. */
export type OutboxCommand = {
  [C in keyof Payloads]: { command: C; subjectId: string; payload: PayloadOf<C> };
}[keyof Payloads];

export const OUTBOX_COMMANDS = Object.keys(payloads) as (keyof Payloads)[];

/** Reads an outbox record's command, subject and payload; a rejection says what was wrong. */
export function readOutboxCommand(row: {
  command: string;
  subjectId: string;
  payload: unknown;
}): MessageRead<OutboxCommand> {
  if (!Object.hasOwn(payloads, row.command)) {
    return { ok: false, reason: `unknown outbox command ${row.command.slice(0, 64)}` };
  }
  const command = row.command as keyof Payloads;
  const subject = command === PURGE_ENVIRONMENT ? environmentId : uid;
  if (!subject.safeParse(row.subjectId).success) {
    return {
      ok: false,
      reason: `${command} subject is not ${command === PURGE_ENVIRONMENT ? 'an environment id' : 'a statement uid'}`,
    };
  }
  const payload = payloads[command].read(row.payload);
  if (!payload.ok) return payload;
  return { ok: true, value: { command, subjectId: row.subjectId, payload: payload.value } as OutboxCommand };
}
