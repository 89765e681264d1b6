import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { STATEMENT_PROPERTIES } from '#domain';
import { loadOpenApiDocument } from './openapi-document';

// The naming and value rules live in the OpenAPI document only; these check them there.
const doc = loadOpenApiDocument();
const ajv = new Ajv2020({ strict: false });
ajv.addSchema(doc, 'doc');
const schema = (name: string) => ajv.compile({ $ref: `doc#/components/schemas/${name}` });

describe('statement names', () => {
  const valid = schema('StatementName');
  for (const ok of ['a', 'my-statement', 'cli-2026-11-22-101010-4f0c', 'a.b-c.d0', '0', 'x'.repeat(100)]) {
    it(`accepts "${ok.slice(0, 30)}"`, () => assert.equal(valid(ok), true));
  }
  for (const bad of ['', 'A', 'a_b', '-a', 'a-', 'a..b', '.a', 'a.', 'a b', 'x'.repeat(101), 'é']) {
    it(`rejects "${bad.slice(0, 30)}"`, () => assert.equal(valid(bad), false));
  }
  it('names the length limit', () => {
    valid('x'.repeat(101));
    assert.ok(valid.errors?.some((e) => e.keyword === 'maxLength' && (e.params as { limit: number }).limit === 100));
  });
});

describe('display names', () => {
  it('pool names follow fcpm/v2', () => {
    const valid = schema('PoolDisplayName');
    assert.ok(valid('pool-a'));
    assert.ok(valid('-pool.a_1'));
    assert.ok(!valid('_pool'));
    assert.ok(!valid('pool a'));
    assert.ok(!valid('p'.repeat(65)));
  });

  it('environment names start and end with a letter or digit', () => {
    const valid = schema('EnvironmentDisplayName');
    assert.ok(valid('prod'));
    assert.ok(valid('team a_prod-2'));
    assert.ok(!valid('-prod'));
    assert.ok(!valid('prod_'));
  });
});

describe('max_cfu', () => {
  it('offers the Confluent values', () => {
    assert.deepEqual((doc.components.schemas.MaxCfu as { enum: number[] }).enum, [5, 10, 20, 30, 40, 50]);
  });
});

describe('statement properties', () => {
  const valid = schema('Properties');
  it('are the keys libs/domain translates, and no others', () => {
    const properties = (doc.components?.schemas?.Properties ?? {}) as {
      properties: Record<string, unknown>;
      additionalProperties: unknown;
    };
    assert.equal(properties.additionalProperties, false);
    assert.deepEqual(Object.keys(properties.properties).sort(), Object.keys(STATEMENT_PROPERTIES).sort());
    for (const [key, rule] of Object.entries(STATEMENT_PROPERTIES)) {
      assert.equal((properties.properties[key] as { pattern: string }).pattern, rule.pattern.source, key);
    }
  });
  it('take the values libs/domain accepts', () => {
    assert.equal(
      valid({ 'sql.dry-run': 'true', 'sql.local-time-zone': 'Europe/Berlin', 'sql.state-ttl': '1 h' }),
      true,
    );
    assert.equal(valid({ 'pipeline.jars': 'file:///tmp/x.jar' }), false);
    assert.equal(valid({ 'sql.tables.scan.startup.mode': 'group-offsets' }), false);
  });
});
