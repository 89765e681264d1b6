import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CrnBuilder } from './crn';
import { checkDataAccess, normalizeUses, type TableUse } from './data-access';
import type { Subject } from './rbac';

const ORG = '11111111-2222-3333-4444-555555555555';
const crn = new CrnBuilder('confluent.cloud');
const cluster = `${crn.environment(ORG, 'env-e')}/cloud-cluster=lkc-e/kafka=lkc-e`;
const topic = (name: string) => `${cluster}/topic=${name}`;

function subject(...bindings: [role: string, pattern: string][]): Subject {
  return {
    principalId: 'sa-1',
    identity: crn.serviceAccount(ORG, 'sa-1'),
    bindings: bindings.map(([roleName, crnPattern]) => ({ principal: 'User:sa-1', roleName, crnPattern })),
  };
}

const readOrders: TableUse = { table: '`e`.`cluster_0`.`orders`', topicCrn: topic('orders'), access: 'read' };
const writeSink: TableUse = { table: '`e`.`cluster_0`.`sink`', topicCrn: topic('sink'), access: 'write' };

describe('checkDataAccess', () => {
  it('allows a statement whose principal holds each right', () => {
    const s = subject(['DeveloperRead', topic('orders')], ['DeveloperWrite', topic('sink')]);
    assert.deepEqual(checkDataAccess(s, [readOrders, writeSink]), { allowed: true });
  });

  it('names the missing role and table', () => {
    const d = checkDataAccess(subject(['DeveloperWrite', topic('sink')]), [readOrders, writeSink]);
    assert.equal(d.allowed, false);
    if (d.allowed) return;
    assert.equal(d.missing.role, 'DeveloperRead');
    assert.match(d.detail, /sa-1 lacks DeveloperRead on table `e`\.`cluster_0`\.`orders`/);
  });

  it('does not let a read right stand in for a write right', () => {
    const d = checkDataAccess(subject(['DeveloperRead', topic('*')]), [writeSink]);
    assert.equal(d.allowed, false);
  });

  it('accepts prefix bindings, ResourceOwner and admin roles', () => {
    assert.equal(checkDataAccess(subject(['DeveloperRead', topic('ord*')]), [readOrders]).allowed, true);
    assert.equal(checkDataAccess(subject(['ResourceOwner', `${cluster}/topic=*`]), [writeSink]).allowed, true);
    assert.equal(
      checkDataAccess(subject(['EnvironmentAdmin', crn.environment(ORG, 'env-e')]), [writeSink]).allowed,
      true,
    );
    assert.equal(checkDataAccess(subject(['OrganizationAdmin', crn.organization(ORG)]), [writeSink]).allowed, true);
  });

  it('grants nothing from control-plane roles', () => {
    const s = subject(['FlinkDeveloper', crn.environment(ORG, 'env-e')], ['FlinkAdmin', crn.environment(ORG, 'env-e')]);
    assert.equal(checkDataAccess(s, [readOrders]).allowed, false);
  });

  it('ignores bindings of other principals', () => {
    const s: Subject = {
      ...subject(),
      bindings: [{ principal: 'User:sa-2', roleName: 'DeveloperRead', crnPattern: topic('orders') }],
    };
    assert.equal(checkDataAccess(s, [readOrders]).allowed, false);
  });
});

describe('normalizeUses', () => {
  it('dedupes and puts writes before reads', () => {
    const uses = normalizeUses([readOrders, writeSink, readOrders]);
    assert.deepEqual(
      uses.map((u) => u.access),
      ['write', 'read'],
    );
  });
});
