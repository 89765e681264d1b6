import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { decodePageToken, encodePageToken, parseCrnPattern, parseLabelSelector, STATEMENT_PROPERTIES } from '#domain';
import { loadOpenApiDocument, withCrnAuthority } from './openapi-document';

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

/** A schema of the served document (CRN authority substituted) as Ajv compiles it. */
function served(authority: string, name: string) {
  const ajvServed = new Ajv2020({ strict: false });
  ajvServed.addSchema(withCrnAuthority(doc, authority), 'served');
  return ajvServed.compile({ $ref: `served#/components/schemas/${name}` });
}

describe('values the server parses: the document accepts exactly those', () => {
  const param = (name: string) =>
    ajv.compile((doc.components.parameters[name] as { schema: Record<string, unknown> }).schema);

  it('page tokens: every token the server issues, nothing it cannot decode', () => {
    const valid = param('PageToken');
    for (const after of [0n, 7n, 9_223_372_036_854_775_807n]) {
      const token = encodePageToken({ after }, 'scope');
      assert.ok(valid(token), token);
      assert.deepEqual(decodePageToken(token, 'scope'), { after });
    }
    for (const bad of ['', 'abc', 'A'.repeat(41), 'a+b/c=d0123456789', '%00']) assert.ok(!valid(bad), bad);
  });

  it('label selectors: the schema and the parser agree', () => {
    const op = doc.paths['/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements'];
    const selector = ((op.get as { parameters: { name: string; schema: object }[] }).parameters.find(
      (p) => p.name === 'label_selector',
    ) ?? assert.fail('no label_selector')) as { schema: object };
    const valid = ajv.compile(selector.schema);
    const parses = (s: string) => {
      try {
        parseLabelSelector(s);
        return true;
      } catch {
        return false;
      }
    };
    for (const s of ['team', 'team=a', 'team==a', ' a = b , c', 'user.confluent.io/hidden=true', 'a=b=c', 'a=']) {
      assert.ok(valid(s) && parses(s), s);
    }
    for (const s of ['', '===', 'a!=b', '-a', 'a-', 'a,,b', 'a b=c', 'a in (b)']) {
      assert.equal(valid(s), parses(s), s);
      assert.ok(!valid(s), s);
    }
  });

  it("CRN patterns: the parser's grammar, under the deployment's authority", () => {
    const org = 'crn://confluent.cloud/organization=00000000-0000-4000-8000-000000000000';
    const valid = served('confluent.cloud', 'CrnPattern');
    for (const ok of [
      org,
      `${org}/environment=env-1`,
      `${org}/environment=env-1/kafka=lkc-1/topic=app*`,
      `${org}/environment=*`,
    ]) {
      assert.ok(valid(ok) && parseCrnPattern(ok), ok);
    }
    for (const bad of [
      'crn://confluent.cloud/',
      `${org}/environment`,
      `${org}/environment=`,
      `${org}*/environment=e`,
      `${org}/a=b*c`,
      'crn://other.example/organization=x',
    ]) {
      assert.ok(!valid(bad), bad);
    }
    const elsewhere = served('cflink.example.com', 'CrnPattern');
    assert.ok(elsewhere('crn://cflink.example.com/organization=x'));
    assert.ok(!elsewhere('crn://confluent.cloud/organization=x'));
    assert.ok(!elsewhere('crn://cflinkXexample.com/organization=x'));
  });
});
