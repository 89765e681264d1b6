import { createHmac } from 'node:crypto';

/**
 * Broker credentials of the identities cflink gives Kafka (docs/architecture.md, "Tenant
 * boundary"): a statement principal (`u-…`, `sa-…`) and a cluster API key (its id) are SCRAM users
 * whose passwords are derived from one configured key, so none is stored: whoever holds the key
 * (scheduler, worker, API) computes the same password when it needs it.
 */
export const KAFKA_SASL_MECHANISM = 'SCRAM-SHA-512';

const SCRAM_LOGIN_MODULE = 'org.apache.kafka.common.security.scram.ScramLoginModule';
/** Flink's Kafka SQL connector jar shades kafka-clients: its JAAS login module has the shaded name. */
export const FLINK_SCRAM_LOGIN_MODULE = `org.apache.flink.kafka.shaded.${SCRAM_LOGIN_MODULE}`;

export type KafkaIdentityKind = 'principal' | 'api-key';

/** The password of a derived identity: HMAC-SHA-384 of its kind and id, base64url (64 characters, like an API secret). */
export function derivedKafkaPassword(key: string, kind: KafkaIdentityKind, id: string): string {
  return createHmac('sha384', key).update(`cflink-kafka:${kind}:${id}`).digest('base64url');
}

/**
 * Names the credential key without revealing it (a one-way HMAC under the key): identities
 * record the key their password was set with, so a changed key sets every password again and an
 * unchanged one sets none.
 */
export function kafkaCredentialKeyId(key: string): string {
  return createHmac('sha256', key).update('cflink-kafka:key-id').digest('base64url').slice(0, 22);
}

/**
 * Kafka client properties (Java client names) that authenticate as `username`; with a
 * `properties.` prefix they are the Flink Kafka connector's options.
 */
export function kafkaClientProperties(
  username: string,
  password: string,
  loginModule = SCRAM_LOGIN_MODULE,
): Record<string, string> {
  if (/["\\]/.test(username) || /["\\]/.test(password)) {
    throw new Error('Kafka credentials may not contain quotes or backslashes');
  }
  return {
    'security.protocol': 'SASL_PLAINTEXT',
    'sasl.mechanism': KAFKA_SASL_MECHANISM,
    'sasl.jaas.config': `${loginModule} required username="${username}" password="${password}";`,
  };
}

/** `properties.*` options of a Flink Kafka table that authenticate as `username`. */
export function kafkaTableOptions(username: string, password: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(kafkaClientProperties(username, password, FLINK_SCRAM_LOGIN_MODULE)).map(([k, v]) => [
      `properties.${k}`,
      v,
    ]),
  );
}

/**
 * Hides the passwords of JAAS configurations in a text (an engine error can quote the DDL that
 * carried them): `password="…"` becomes `password="[hidden]"`.
 */
export function redactKafkaSecrets(text: string): string {
  return text.replace(/(password\s*=\s*\\?")[^"\\]*(\\?")/g, '$1[hidden]$2');
}
