import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CrnBuilder, parseCrnPattern, POOL_LABEL, STATEMENT_LABEL } from '#domain';
import { metricsScope, nothingMatches } from './metrics-scope';

const ORG = '11111111-2222-4333-8444-555555555555';
const crn = new CrnBuilder('confluent.cloud');
const org = crn.organization(ORG);

describe('metrics scope', () => {
  it('a binding on the organization sees all of it; bounds come from the filter', () => {
    const scope = metricsScope(ORG, org, { all: true }, { [POOL_LABEL]: ['lfcp-a'], [STATEMENT_LABEL]: ['x'] });
    assert.deepEqual(scope, {
      organizationId: ORG,
      visible: null,
      bounds: { pools: ['lfcp-a'], environments: undefined, names: ['x'], uids: undefined },
    });
  });
  it('bindings inside it see their environments, regions and pools; a pool-id prefix sees nothing', () => {
    const scopes = [
      crn.environment(ORG, 'env-a'),
      crn.computePool(ORG, 'env-b', 'aws.us-east-1', 'lfcp-b'),
      `${crn.environment(ORG, 'env-c')}/flink-region=aws.us-east-1/compute-pool=lfcp-*`,
    ].map(parseCrnPattern);
    const scope = metricsScope(ORG, org, { all: false, scopes }, {});
    assert.deepEqual(scope.visible, [
      { environmentId: 'env-a' },
      { environmentId: 'env-b', flinkRegion: 'aws.us-east-1', computePoolId: 'lfcp-b' },
    ]);
    assert.deepEqual(metricsScope(ORG, org, { all: false, scopes: [] }, {}).visible, []);
  });
  it('an empty bound matches nothing', () => {
    assert.equal(nothingMatches({ [POOL_LABEL]: [] }), true);
    assert.equal(nothingMatches({ [POOL_LABEL]: ['a'] }), false);
  });
});
