import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statementAccessDelta, withAcls, type AccessStatement } from './kafka-access-delta';
import { desiredKafkaIdentities, diffAcls, type KafkaAccessInput, type KafkaIdentity } from './kafka-acls';

const ORG = '00000000-0000-4000-8000-000000000001';
const CLUSTER = `crn://confluent.cloud/organization=${ORG}/environment=env-a/cloud-cluster=lkc-a/kafka=lkc-a`;

function input(statements: AccessStatement[]): KafkaAccessInput {
  return {
    crnAuthority: 'confluent.cloud',
    environments: [{ id: 'env-a', organizationId: ORG }],
    bindings: [
      { principal: 'User:sa-1', roleName: 'DeveloperWrite', crnPattern: `${CLUSTER}/topic=t`, organizationId: ORG },
    ],
    statements,
    clusterKeys: [{ id: 'KEYKEYKEYKEYKEY1', ownerId: 'sa-1', organizationId: ORG, clusterId: 'lkc-a' }],
  };
}

const stmt = (
  uid: string,
  principal = 'sa-1',
  transactionalIdPrefix = `cflink-${principal}-${uid}-`,
): AccessStatement => ({
  uid,
  principal,
  organizationId: ORG,
  transactionalIdPrefix,
});
const byUser = (ids: KafkaIdentity[]) => new Map(ids.map((i) => [i.user, i]));

describe('broker access delta for new statements', () => {
  const before = [stmt('u1'), stmt('u2', 'u-9')];
  const applied = byUser(desiredKafkaIdentities(input(before)));
  const covered = new Map(before.map((s) => [s.uid, s.principal]));

  it('asks nothing of the broker for a new statement of a known principal', () => {
    const delta = statementAccessDelta(applied, covered, [stmt('u1'), stmt('u3'), stmt('u5', 'u-9')]);
    assert.deepEqual(delta, { create: [], covered: [stmt('u3'), stmt('u5', 'u-9')], full: null });
  });

  it('gives a statement whose ids lie outside its principal prefix their ACLs, as a full pass would', () => {
    const legacy = stmt('u3', 'sa-1', 'cflink-u3-');
    const delta = statementAccessDelta(applied, covered, [stmt('u1'), legacy, legacy]);
    assert.equal(delta.full, null);
    assert.deepEqual(
      delta.create.map((c) => `${c.user} ${c.acl.resourceType} ${c.acl.name} ${c.acl.operation}`),
      ['sa-1 TRANSACTIONAL_ID cflink-u3- WRITE', 'sa-1 TRANSACTIONAL_ID cflink-u3- DESCRIBE'],
    );
    // The applied state after the delta is the full pass's desired state: nothing left to do.
    const full = desiredKafkaIdentities(input([...before, legacy]));
    const after = withAcls(applied, delta.create);
    const left = diffAcls(
      full,
      [...after.values()].flatMap((i) => i.acls.map((acl) => ({ user: i.user, acl }))),
    );
    assert.deepEqual(left, { create: [], delete: [] });
  });

  it('asks for nothing when every waiting statement is covered', () => {
    assert.deepEqual(statementAccessDelta(applied, covered, before), { create: [], covered: [], full: null });
  });

  it('needs a full pass for a principal with no identity yet, or only an API key of that name', () => {
    assert.match(
      statementAccessDelta(applied, covered, [stmt('u4', 'sa-new')]).full ?? '',
      /sa-new has no broker identity/,
    );
    const delta = statementAccessDelta(applied, covered, [stmt('u4', 'KEYKEYKEYKEYKEY1')]);
    assert.match(delta.full ?? '', /no broker identity/);
    assert.deepEqual(delta.create, []);
  });

  it('needs a full pass when a covered statement now runs as another principal', () => {
    const delta = statementAccessDelta(applied, covered, [stmt('u3'), stmt('u1', 'u-9')]);
    assert.match(delta.full ?? '', /u1 changed principal/);
    assert.deepEqual(delta.covered, []);
  });
});
