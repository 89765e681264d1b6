import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CrnBuilder, CrnParseError, crnId, flinkRegionId, formatCrn, parseCrn } from './crn';

const ORG = '11111111-2222-3333-4444-555555555555';

describe('CRNs', () => {
  const crn = new CrnBuilder('confluent.cloud');

  it('builds the compute pool CRN Confluent publishes', () => {
    assert.equal(
      crn.computePool(ORG, 'env-abc', 'aws.us-east-2', 'lfcp-123'),
      `crn://confluent.cloud/organization=${ORG}/environment=env-abc/flink-region=aws.us-east-2/compute-pool=lfcp-123`,
    );
  });

  it('round-trips through parse and format', () => {
    const value = crn.environment(ORG, 'env-abc');
    const parsed = parseCrn(value);
    assert.equal(formatCrn(parsed), value);
    assert.equal(crnId(parsed, 'organization'), ORG);
    assert.equal(crnId(parsed, 'environment'), 'env-abc');
    assert.equal(crnId(parsed, 'compute-pool'), undefined);
  });

  it('rejects malformed CRNs with a message', () => {
    assert.throws(() => parseCrn('https://x/y=z'), CrnParseError);
    assert.throws(() => parseCrn('crn://a/organization'), /type>=<id/);
    assert.throws(() => parseCrn('crn://a/=x'), CrnParseError);
  });

  it('derives identity CRNs from principal kinds', () => {
    assert.equal(crn.identity(ORG, 'sa-1'), `crn://confluent.cloud/organization=${ORG}/service-account=sa-1`);
    assert.equal(crn.identity(ORG, 'u-1'), `crn://confluent.cloud/organization=${ORG}/user=u-1`);
  });

  it('lower-cases the cloud in region ids', () => assert.equal(flinkRegionId('AWS', 'us-east-1'), 'aws.us-east-1'));
});
