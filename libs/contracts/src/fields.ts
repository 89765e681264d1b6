/**
 * Field schemas shared by the messages. Strings that become identifiers, keys or paths have a
 * shape and a bounded length, so a forged message cannot steer a reader to another tenant's
 * row, topic or file by an odd string.
 */
import { z } from 'zod';

/** Statement uids (libs/domain newUid). */
export const uid = z.uuid();
/** `lfcp-…` (libs/domain ids). */
export const computePoolId = z.string().regex(/^lfcp-[a-z0-9]{1,32}$/, 'expected a compute pool id');
/** `env-…`. */
export const environmentId = z.string().regex(/^env-[a-z0-9]{1,32}$/, 'expected an environment id');
/** An environment's logical Kafka cluster, its Flink database (libs/domain kafkaClusterIdOf). */
export const kafkaClusterId = z.string().regex(/^lkc-[a-z0-9]{1,32}$/, 'expected a Kafka cluster id');
/** Kafka's legal topic names. */
export const topicName = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'expected a Kafka topic name');
/** The wire's StatementName (openapi.yaml). */
export const statementName = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'expected a statement name');
/** Flink job ids are 32 hex digits. */
export const flinkJobId = z.string().regex(/^[0-9a-f]{32}$/, 'expected a Flink job id');
/**
 * A savepoint or checkpoint location as Flink reports it (`file:/…/savepoint-…`, `s3://…`): a
 * URI with a scheme, no whitespace or control characters, no `..` segment.
 */
export const statePath = z
  .string()
  .max(1024)
  .regex(/^[a-z][a-z0-9+.-]{0,15}:\/[^\s\p{Cc}]*$/u, 'expected a state location URI')
  .refine((p) => !p.split('/').includes('..'), 'must not contain a ".." segment');
export const isoTime = z.iso.datetime({ offset: true });
export const resourceVersion = z
  .int()
  .min(1)
  .max(2 ** 31 - 1);
/** Engine parallelism; pools are far smaller, so this only bounds the value. */
export const cfu = z.int().min(0).max(10_000);
export const boundedText = (max: number) => z.string().max(max);
