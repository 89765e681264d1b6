import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scopeCrn } from './role-binding-scope';

const ORG = 'crn://confluent.cloud/organization=o1';

test('no scope flag is the organization', () => {
  assert.equal(scopeCrn(ORG, {}), ORG);
});

test('environment and Flink region nest under the organization', () => {
  assert.equal(scopeCrn(ORG, { environment: 'env-1' }), `${ORG}/environment=env-1`);
  assert.equal(
    scopeCrn(ORG, { environment: 'env-1', flinkRegion: 'aws.us-east-1' }),
    `${ORG}/environment=env-1/flink-region=aws.us-east-1`,
  );
  assert.throws(() => scopeCrn(ORG, { flinkRegion: 'aws.us-east-1' }), /needs --environment/);
});

test('a topic or group resource, exact or as a prefix', () => {
  const topic = scopeCrn(ORG, { environment: 'env-1', kafkaCluster: 'lkc-1', resource: 'Topic:orders' });
  assert.equal(topic, `${ORG}/environment=env-1/cloud-cluster=lkc-1/kafka=lkc-1/topic=orders`);
  const group = scopeCrn(ORG, { environment: 'env-1', kafkaCluster: 'lkc-1', resource: 'Group:app', prefix: true });
  assert.equal(group, `${ORG}/environment=env-1/cloud-cluster=lkc-1/kafka=lkc-1/group=app*`);
  assert.throws(() => scopeCrn(ORG, { resource: 'Topic:orders' }), /needs --environment and --kafka-cluster/);
  assert.throws(() => scopeCrn(ORG, { resource: 'Table:x', environment: 'e', kafkaCluster: 'k' }), /not one of/);
});

test('a service account resource, a pool CRN or an explicit pattern win over the rest', () => {
  assert.equal(scopeCrn(ORG, { resource: 'ServiceAccount:sa-1' }), `${ORG}/service-account=sa-1`);
  assert.equal(scopeCrn(ORG, { environment: 'env-1', computePoolCrn: 'crn://x/pool' }), 'crn://x/pool');
  assert.equal(scopeCrn(ORG, { environment: 'env-1', crnPattern: 'crn://y/*' }), 'crn://y/*');
});
