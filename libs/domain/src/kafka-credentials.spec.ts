import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  derivedKafkaPassword,
  kafkaCredentialKeyId,
  FLINK_SCRAM_LOGIN_MODULE,
  kafkaClientProperties,
  kafkaTableOptions,
  redactKafkaSecrets,
} from './kafka-credentials';

describe('kafka credentials', () => {
  it('derives a stable 64-character password per key, kind and id', () => {
    const a = derivedKafkaPassword('k'.repeat(20), 'principal', 'sa-abc');
    assert.equal(a, derivedKafkaPassword('k'.repeat(20), 'principal', 'sa-abc'));
    assert.match(a, /^[A-Za-z0-9_-]{64}$/);
    assert.notEqual(a, derivedKafkaPassword('k'.repeat(20), 'api-key', 'sa-abc'));
    assert.notEqual(a, derivedKafkaPassword('k'.repeat(20), 'principal', 'sa-abd'));
    assert.notEqual(a, derivedKafkaPassword('j'.repeat(20), 'principal', 'sa-abc'));
  });

  it('builds SCRAM client properties, shaded for Flink tables', () => {
    assert.deepEqual(kafkaClientProperties('u-1', 'pw'), {
      'security.protocol': 'SASL_PLAINTEXT',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config':
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="u-1" password="pw";',
    });
    const table = kafkaTableOptions('u-1', 'pw');
    assert.equal(table['properties.sasl.mechanism'], 'SCRAM-SHA-512');
    assert.ok(table['properties.sasl.jaas.config'].startsWith(`${FLINK_SCRAM_LOGIN_MODULE} required`));
    assert.throws(() => kafkaClientProperties('u-1', 'p"w'), /quotes/);
  });

  it('hides JAAS passwords in text, also JSON-escaped', () => {
    const jaas = kafkaClientProperties('u-1', 'S3cr3t-_x')['sasl.jaas.config'];
    const text = `Could not create table: 'properties.sasl.jaas.config' = '${jaas}'`;
    assert.ok(!redactKafkaSecrets(text).includes('S3cr3t'));
    assert.ok(redactKafkaSecrets(text).includes('password="[hidden]"'));
    assert.ok(!redactKafkaSecrets(JSON.stringify(text)).includes('S3cr3t'));
    assert.equal(redactKafkaSecrets('no secrets here'), 'no secrets here');
  });

  it('names the credential key stably, per key, without showing it', () => {
    const a = kafkaCredentialKeyId('key-one-0123456789');
    assert.equal(a, kafkaCredentialKeyId('key-one-0123456789'));
    assert.notEqual(a, kafkaCredentialKeyId('key-two-0123456789'));
    assert.ok(!a.includes('key-one'));
    assert.equal(a.length, 22);
  });
});
