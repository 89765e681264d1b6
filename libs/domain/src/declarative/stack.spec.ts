import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadStack, formatProblems } from './stack';
import { stackJsonSchema } from './stack-schema';

const base = {
  stack: 'orders',
  variables: { stage: 'dev', cfu: 10 },
  stages: { prod: { stage: 'prod', cfu: 20 } },
  environments: { main: { display_name: 'orders-${var.stage}' } },
  compute_pools: { pool: { environment: 'main', cloud: 'AWS', region: 'us-east-1', max_cfu: '${var.cfu}' } },
  service_accounts: { etl: { description: 'runs ${var.stage}' } },
  role_bindings: [{ principal: 'etl', role: 'FlinkDeveloper', on: { compute_pool: 'pool' } }],
  statements: {
    copy: { environment: 'main', compute_pool: 'pool', principal: 'etl', sql: 'INSERT INTO a SELECT * FROM b' },
  },
};

describe('stack files', () => {
  it('fills defaults and variables, keeping a whole-value variable numeric', () => {
    const v = loadStack([{ source: 's.yaml', document: base }]);
    assert.ok(v.ok, v.ok ? '' : formatProblems(v.problems));
    if (!v.ok) return;
    assert.equal(v.stack.environments.main.display_name, 'orders-dev');
    assert.equal(v.stack.compute_pools.pool.max_cfu, 10);
    assert.deepEqual(v.stack.statements.copy.properties, {});
    assert.equal(v.stack.statements.copy.stopped, false);
    assert.equal(v.stack.statements.copy.evolution, 'auto');
  });

  it('lets a stage and then --var override the defaults', () => {
    const prod = loadStack([{ source: 's.yaml', document: base }], { stage: 'prod' });
    assert.ok(prod.ok && prod.stack.compute_pools.pool.max_cfu === 20);
    const v = loadStack([{ source: 's.yaml', document: base }], { stage: 'prod', variables: { stage: 'qa' } });
    assert.ok(v.ok && v.stack.environments.main.display_name === 'orders-qa');
  });

  it('names an unknown stage and an undefined variable with their paths', () => {
    const stage = loadStack([{ source: 's.yaml', document: base }], { stage: 'staging' });
    assert.deepEqual(stage.ok ? [] : stage.problems, [
      { path: 'stages', message: "has no stage 'staging' (stages: prod)" },
    ]);
    const undef = loadStack([{ source: 's.yaml', document: { ...base, variables: {} } }]);
    assert.ok(!undef.ok);
    if (!undef.ok)
      assert.match(formatProblems(undef.problems), /environments\.main\.display_name: uses \$\{var\.stage\}/);
  });

  it('reports schema problems with exact paths', () => {
    const v = loadStack([
      {
        source: 's.yaml',
        document: {
          ...base,
          variables: { stage: 'dev', cfu: 7 },
          statements: {
            Copy: { environment: 'main', compute_pool: 'pool', sql: 'x' },
            copy: { environment: 'main', compute_pool: 'pool', sql: 'x', colour: 'red' },
          },
        },
      },
    ]);
    assert.ok(!v.ok);
    if (v.ok) return;
    const text = formatProblems(v.problems);
    assert.match(text, /compute_pools\.pool\.max_cfu: max_cfu must be 5, 10, 20, 30, 40 or 50/);
    assert.match(text, /statements\.Copy: statement names are lower-case/);
    assert.match(text, /statements\.copy: Unrecognized key: "colour"/);
  });

  it('checks references by key, and that a statement and its pool share an environment', () => {
    const v = loadStack([
      {
        source: 's.yaml',
        document: {
          ...base,
          environments: { main: {}, other: {} },
          statements: { copy: { environment: 'other', compute_pool: 'pool', principal: 'nobody', sql: 'x' } },
          role_bindings: [{ principal: 'sa-abc', role: 'Operator', on: { environment: 'missing' } }],
        },
      },
    ]);
    assert.ok(!v.ok);
    if (v.ok) return;
    assert.deepEqual(
      v.problems.map((p) => p.path),
      ['statements.copy.compute_pool', 'statements.copy.principal', 'role_bindings[0].on.environment'],
    );
    assert.match(v.problems[0].message, /pool 'pool' of environment 'main', but the statement is in 'other'/);
    assert.match(
      v.problems[1].message,
      /service account 'nobody', which this stack does not define \(it defines etl\)/,
    );
  });

  it('merges the files of a directory and names both files of a duplicate', () => {
    const { statements, ...rest } = base;
    const merged = loadStack([
      { source: 'a.yaml', document: rest },
      { source: 'b.yaml', document: { statements } },
    ]);
    assert.ok(merged.ok);
    const dup = loadStack([
      { source: 'a.yaml', document: base },
      { source: 'b.yaml', document: { statements } },
    ]);
    assert.ok(!dup.ok);
    if (!dup.ok) assert.equal(formatProblems(dup.problems), 'b.yaml: statements.copy: is also defined in a.yaml');
  });

  it('publishes a JSON Schema describing every section', () => {
    const schema = stackJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    assert.deepEqual(Object.keys(schema.properties).sort(), [
      'api_keys',
      'compute_pools',
      'environments',
      'role_bindings',
      'service_accounts',
      'stack',
      'stages',
      'statements',
      'variables',
    ]);
    assert.deepEqual(schema.required, ['stack']);
  });
});

describe('published JSON Schema', () => {
  it('is what the schema produces (regenerate with: node dist/apps/cli/src/declarative/main.js stack schema > docs/stack.schema.json)', async () => {
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const published = JSON.parse(await readFile(join(__dirname, '../../../../../docs/stack.schema.json'), 'utf8'));
    assert.deepEqual(published, stackJsonSchema());
  });
});
