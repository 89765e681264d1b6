import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { environmentCatalogName, kafkaClusterIdOf, resolveName, topicOf } from './catalog-names';

describe('catalog naming', () => {
  it('derives the cluster and topic from the environment', () => {
    assert.equal(kafkaClusterIdOf('env-abc123'), 'lkc-abc123');
    assert.equal(topicOf('lkc-abc123', 'orders'), 'lkc-abc123.orders');
  });

  it('names the catalog by the display name, or by the id when the name is a built-in catalog', () => {
    assert.equal(environmentCatalogName('My Env', 'env-abc123'), 'My Env');
    assert.equal(environmentCatalogName('examples', 'env-abc123'), 'env-abc123');
    assert.equal(environmentCatalogName('default_catalog', 'env-abc123'), 'env-abc123');
    assert.equal(environmentCatalogName('Examples', 'env-abc123'), 'Examples');
  });

  it('resolves partial names against the current catalog and database', () => {
    assert.deepEqual(resolveName(['t'], 'c', 'd'), ['c', 'd', 't']);
    assert.deepEqual(resolveName(['x', 't'], 'c', 'd'), ['c', 'x', 't']);
    assert.deepEqual(resolveName(['a', 'b', 't'], 'c', 'd'), ['a', 'b', 't']);
  });
});
