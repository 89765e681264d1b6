import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bindingAcls,
  desiredKafkaIdentities,
  diffAcls,
  newStatementTransactionalIdPrefix,
  principalTransactionalIdPrefix,
  statementAcls,
  type KafkaAccessInput,
  type KafkaAcl,
} from './kafka-acls';

const ORG = '00000000-0000-4000-8000-000000000001';
const OTHER_ORG = '00000000-0000-4000-8000-000000000002';
const ENV = `crn://confluent.cloud/organization=${ORG}/environment=env-a`;
const CLUSTER = `${ENV}/cloud-cluster=lkc-a/kafka=lkc-a`;

function input(bindings: [string, string, string][], extra: Partial<KafkaAccessInput> = {}): KafkaAccessInput {
  return {
    crnAuthority: 'confluent.cloud',
    environments: [
      { id: 'env-a', organizationId: ORG },
      { id: 'env-b', organizationId: ORG },
      { id: 'env-z', organizationId: OTHER_ORG },
    ],
    bindings: bindings.map(([principal, roleName, crnPattern]) => ({
      principal: `User:${principal}`,
      roleName,
      crnPattern,
      organizationId: ORG,
    })),
    statements: [],
    clusterKeys: [],
    ...extra,
  };
}

const show = (acls: KafkaAcl[]) => acls.map((a) => `${a.resourceType} ${a.patternType} ${a.name} ${a.operation}`);

describe('kafka ACLs from role bindings', () => {
  it('maps a topic binding to a literal ACL on the physical topic, and a prefix binding to a prefixed one', () => {
    const acls = bindingAcls(
      'sa-1',
      ORG,
      input([
        ['sa-1', 'DeveloperRead', `${CLUSTER}/topic=orders`],
        ['sa-1', 'DeveloperWrite', `${CLUSTER}/topic=out_*`],
      ]),
    );
    assert.deepEqual(show(acls), [
      'TOPIC LITERAL lkc-a.orders DESCRIBE',
      'TOPIC LITERAL lkc-a.orders READ',
      'TOPIC PREFIXED lkc-a.out_ DESCRIBE',
      'TOPIC PREFIXED lkc-a.out_ WRITE',
    ]);
  });

  it('maps DeveloperManage to the topic management operations and group bindings to groups', () => {
    const acls = bindingAcls(
      'sa-1',
      ORG,
      input([
        ['sa-1', 'DeveloperManage', `${CLUSTER}/topic=t`],
        ['sa-1', 'DeveloperRead', `${CLUSTER}/group=app*`],
      ]),
    );
    assert.deepEqual(show(acls), [
      'GROUP PREFIXED lkc-a.app DESCRIBE',
      'GROUP PREFIXED lkc-a.app READ',
      'TOPIC LITERAL lkc-a.t ALTER',
      'TOPIC LITERAL lkc-a.t ALTER_CONFIGS',
      'TOPIC LITERAL lkc-a.t CREATE',
      'TOPIC LITERAL lkc-a.t DELETE',
      'TOPIC LITERAL lkc-a.t DESCRIBE',
      'TOPIC LITERAL lkc-a.t DESCRIBE_CONFIGS',
    ]);
  });

  it('gives environment- and organization-wide roles their clusters by prefix, nothing elsewhere', () => {
    const env = bindingAcls('u-1', ORG, input([['u-1', 'EnvironmentAdmin', ENV]]));
    assert.ok(env.length > 0);
    assert.ok(env.every((a) => a.patternType === 'PREFIXED' && a.name === 'lkc-a.'));
    assert.ok(env.some((a) => a.resourceType === 'TOPIC' && a.operation === 'WRITE'));
    const org = bindingAcls(
      'u-1',
      ORG,
      input([['u-1', 'OrganizationAdmin', `crn://confluent.cloud/organization=${ORG}`]]),
    );
    assert.deepEqual([...new Set(org.map((a) => a.name))], ['lkc-a.', 'lkc-b.']);
  });

  it('fails closed on patterns that name no Kafka scope of the organization', () => {
    const none = bindingAcls(
      'sa-1',
      ORG,
      input([
        ['sa-1', 'FlinkDeveloper', ENV],
        ['sa-1', 'DeveloperRead', `crn://confluent.cloud/organization=${ORG}/environment=env-*`],
        ['sa-1', 'DeveloperRead', `crn://confluent.cloud/organization=${ORG}/environment=env-a/cloud-cluster=lkc-*`],
        ['sa-1', 'DeveloperRead', `${ENV}/cloud-cluster=lkc-b/kafka=lkc-b/topic=t`],
        ['sa-1', 'DeveloperRead', `crn://confluent.cloud/organization=${OTHER_ORG}/environment=env-z`],
        ['sa-1', 'DeveloperRead', `crn://other.authority/organization=${ORG}/environment=env-a`],
        ['sa-1', 'ResourceOwner', `crn://confluent.cloud/organization=${ORG}/service-account=sa-1`],
        ['sa-1', 'DeveloperRead', 'not a crn'],
        ['sa-2', 'DeveloperRead', `${CLUSTER}/topic=t`],
      ]),
    );
    assert.deepEqual(none, []);
  });

  it("gives each statement principal its bindings plus its transactional-id prefix, and a statement's own ids outside it", () => {
    const ids = desiredKafkaIdentities(
      input([['sa-1', 'DeveloperWrite', `${CLUSTER}/topic=t`]], {
        statements: [
          { uid: 'u1', principal: 'sa-1', organizationId: ORG, transactionalIdPrefix: 'cflink-sa-1-u1-' },
          { uid: 'u2', principal: 'sa-1', organizationId: ORG, transactionalIdPrefix: 'cflink-sa-1-u2-' },
          // Created before per-principal prefixes.
          { uid: 'u3', principal: 'u-9', organizationId: ORG, transactionalIdPrefix: 'cflink-u3-' },
          // Resumed as u-9 after running as sa-1: its savepoint names sa-1's ids.
          { uid: 'u4', principal: 'u-9', organizationId: ORG, transactionalIdPrefix: 'cflink-sa-1-u4-' },
        ],
      }),
    );
    assert.deepEqual(
      ids.map((i) => i.user),
      ['sa-1', 'u-9'],
    );
    assert.deepEqual(show(ids[0].acls), [
      'TOPIC LITERAL lkc-a.t DESCRIBE',
      'TOPIC LITERAL lkc-a.t WRITE',
      'TRANSACTIONAL_ID PREFIXED cflink-sa-1- DESCRIBE',
      'TRANSACTIONAL_ID PREFIXED cflink-sa-1- WRITE',
    ]);
    assert.deepEqual(show(ids[1].acls), [
      'TRANSACTIONAL_ID PREFIXED cflink-sa-1-u4- DESCRIBE',
      'TRANSACTIONAL_ID PREFIXED cflink-sa-1-u4- WRITE',
      'TRANSACTIONAL_ID PREFIXED cflink-u-9- DESCRIBE',
      'TRANSACTIONAL_ID PREFIXED cflink-u-9- WRITE',
      'TRANSACTIONAL_ID PREFIXED cflink-u3- DESCRIBE',
      'TRANSACTIONAL_ID PREFIXED cflink-u3- WRITE',
    ]);
  });

  it("puts a new statement's transactional ids under its principal's prefix, and no principal's prefix under another's", () => {
    const prefix = newStatementTransactionalIdPrefix('sa-1', 'u1');
    assert.equal(prefix, 'cflink-sa-1-u1-');
    assert.deepEqual(statementAcls({ principal: 'sa-1', transactionalIdPrefix: prefix }), []);
    assert.equal(statementAcls({ principal: 'sa-12', transactionalIdPrefix: prefix }).length, 2);
    assert.ok(!principalTransactionalIdPrefix('sa-12').startsWith(principalTransactionalIdPrefix('sa-1')));
    assert.ok(!newStatementTransactionalIdPrefix('sa-12', 'u1').startsWith(principalTransactionalIdPrefix('sa-1')));
  });

  it("confines a cluster API key to its owner's rights within its cluster", () => {
    const ids = desiredKafkaIdentities(
      input([['sa-1', 'OrganizationAdmin', `crn://confluent.cloud/organization=${ORG}`]], {
        clusterKeys: [{ id: 'KEYKEYKEYKEYKEY1', ownerId: 'sa-1', organizationId: ORG, clusterId: 'lkc-b' }],
      }),
    );
    assert.equal(ids.length, 1);
    assert.equal(ids[0].kind, 'api-key');
    assert.ok(ids[0].acls.length > 0);
    assert.ok(ids[0].acls.every((a) => a.name === 'lkc-b.'));
  });

  it('diffs desired against actual ACLs', () => {
    const acl = (name: string): KafkaAcl => ({
      resourceType: 'TOPIC',
      patternType: 'LITERAL',
      name,
      operation: 'READ',
    });
    const changes = diffAcls(
      [{ user: 'sa-1', kind: 'principal', acls: [acl('a'), acl('b')] }],
      [
        { user: 'sa-1', acl: acl('b') },
        { user: 'sa-1', acl: acl('c') },
        { user: 'sa-gone', acl: acl('a') },
      ],
    );
    assert.deepEqual(changes.create, [{ user: 'sa-1', acl: acl('a') }]);
    assert.deepEqual(changes.delete, [
      { user: 'sa-1', acl: acl('c') },
      { user: 'sa-gone', acl: acl('a') },
    ]);
  });
});
