import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyLiveState, type LiveState } from './live-state';
import { planApply, planDestroy } from './plan';
import { renderPlan } from './render';
import { loadStack } from './stack';
import type { Stack } from './stack-schema';

const ORG = 'crn://confluent.cloud/organization=o1';

function stack(extra: Record<string, unknown> = {}): Stack {
  const v = loadStack([
    {
      source: 's.yaml',
      document: {
        stack: 'orders',
        environments: { main: {} },
        compute_pools: { pool: { environment: 'main', cloud: 'AWS', region: 'us-east-1', max_cfu: 10 } },
        service_accounts: { etl: {} },
        role_bindings: [{ principal: 'etl', role: 'FlinkDeveloper', on: { compute_pool: 'pool' } }],
        statements: {
          tbl: { environment: 'main', compute_pool: 'pool', sql: 'CREATE TABLE t (a INT)' },
          copy: { environment: 'main', compute_pool: 'pool', principal: 'etl', sql: 'INSERT INTO t SELECT 1' },
        },
        ...extra,
      },
    },
  ]);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.stack;
}

function existing(): LiveState {
  const labels = (name: string) => ({
    'cflink.io/stack': 'orders',
    'cflink.io/statement': name,
    'cflink.io/generation': '1',
  });
  const st = { environment_id: 'env-1', compute_pool_id: 'lfcp-1', properties: {}, stopped: false };
  return {
    ...emptyLiveState(ORG),
    environments: [{ id: 'env-1', display_name: 'main' }],
    computePools: [
      { id: 'lfcp-1', display_name: 'pool', environment_id: 'env-1', cloud: 'AWS', region: 'us-east-1', max_cfu: 10 },
    ],
    serviceAccounts: [{ id: 'sa-1', display_name: 'etl', description: '' }],
    roleBindings: [
      {
        id: 'rb-1',
        principal: 'User:sa-1',
        role_name: 'FlinkDeveloper',
        crn_pattern: `${ORG}/environment=env-1/flink-region=aws.us-east-1/compute-pool=lfcp-1`,
      },
    ],
    statements: [
      {
        ...st,
        name: 'tbl',
        labels: labels('tbl'),
        sql: 'CREATE TABLE t (a INT)',
        principal: 'u-1',
        phase: 'COMPLETED',
      },
      {
        ...st,
        name: 'copy',
        labels: labels('copy'),
        sql: 'INSERT INTO t SELECT 1',
        principal: 'sa-1',
        phase: 'RUNNING',
      },
    ],
  };
}

describe('plan', () => {
  it('creates everything on an empty server, parents first and statements in file order', () => {
    const plan = planApply(stack(), emptyLiveState(ORG));
    assert.deepEqual(
      plan.actions.map((a) => `${a.op} ${a.kind} ${a.key}`),
      [
        'create environment main',
        'create service_account etl',
        'create compute_pool pool',
        'create role_binding FlinkDeveloper for etl on compute_pool pool',
        'create statement tbl',
        'create statement copy',
      ],
    );
    assert.match(renderPlan(plan), /Plan: 6 to create; 0 unchanged\./);
  });

  it('finds nothing to do when the server matches (the binding CRN is rebuilt from ids)', () => {
    const plan = planApply(stack(), existing());
    assert.deepEqual(plan.actions, []);
    assert.equal(plan.unchanged, 6);
    assert.match(renderPlan(plan), /No changes: 6 resources match the stack\./);
  });

  it('grows a pool and refuses to shrink it or move its region', () => {
    const grown = stack({
      compute_pools: { pool: { environment: 'main', cloud: 'AWS', region: 'us-east-1', max_cfu: 20 } },
    });
    assert.deepEqual(planApply(grown, existing()).actions[0].changes, [{ field: 'max_cfu', from: 10, to: 20 }]);
    const shrunk = stack({
      compute_pools: { pool: { environment: 'main', cloud: 'AWS', region: 'us-east-1', max_cfu: 5 } },
    });
    assert.match(planApply(shrunk, existing()).refusals[0].reason, /can only be increased/);
    const moved = stack({
      compute_pools: { pool: { environment: 'main', cloud: 'AWS', region: 'eu-west-1', max_cfu: 10 } },
    });
    assert.match(planApply(moved, existing()).refusals[0].reason, /cloud and region are fixed/);
  });

  it('refuses an environment name the server holds twice', () => {
    const live = existing();
    live.environments.push({ id: 'env-2', display_name: 'main' });
    assert.match(planApply(stack(), live).refusals[0].reason, /2 environments are named 'main'/);
  });

  it('prunes only with --prune, and only labelled statements the file no longer names', () => {
    const s = stack();
    delete (s.statements as Record<string, unknown>).copy;
    assert.deepEqual(planApply(s, existing()).actions, []);
    const pruned = planApply(s, existing(), { prune: true });
    assert.deepEqual(
      pruned.actions.map((a) => `${a.op} ${a.key} ${a.id}`),
      ['delete copy copy'],
    );
  });

  it('destroys children before parents', () => {
    const plan = planDestroy(stack(), existing());
    assert.deepEqual(
      plan.actions.map((a) => `${a.kind} ${a.id}`),
      [
        'statement copy',
        'statement tbl',
        'role_binding rb-1',
        'compute_pool lfcp-1',
        'service_account sa-1',
        'environment env-1',
      ],
    );
  });

  it('warns when a pool cannot hold all its running statements', () => {
    const statements = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [
        `s${i}`,
        { environment: 'main', compute_pool: 'pool', sql: 'INSERT INTO t SELECT 1' },
      ]),
    );
    const s = stack({
      compute_pools: { pool: { environment: 'main', cloud: 'AWS', region: 'us-east-1', max_cfu: 5 } },
      statements,
    });
    assert.match(
      planApply(s, emptyLiveState(ORG)).warnings[0],
      /6 running statements need at least 6 CFUs but max_cfu is 5/,
    );
  });

  it('estimates the CFUs and daily CFU-minutes each pool holds once applied', () => {
    const s = stack({
      compute_pools: {
        pool: { environment: 'main', cloud: 'AWS', region: 'us-east-1', max_cfu: 5 },
        idle: { environment: 'main', cloud: 'AWS', region: 'us-east-1', max_cfu: 10 },
      },
      statements: {
        ddl: { environment: 'main', compute_pool: 'pool', sql: 'CREATE TABLE t (a INT)' },
        copy: { environment: 'main', compute_pool: 'pool', sql: 'INSERT INTO t SELECT 1' },
        paused: { environment: 'main', compute_pool: 'pool', sql: 'INSERT INTO t SELECT 2', stopped: true },
        ...Object.fromEntries(
          Array.from({ length: 6 }, (_, i) => [
            `s${i}`,
            { environment: 'main', compute_pool: 'pool', sql: `INSERT INTO t SELECT ${i}` },
          ]),
        ),
      },
    });
    const plan = planApply(s, emptyLiveState(ORG));
    assert.deepEqual(plan.usage, [
      { pool: 'pool', runningStatements: 7, cfu: 5, cfuMinutesPerDay: 7200 },
      { pool: 'idle', runningStatements: 0, cfu: 0, cfuMinutesPerDay: 0 },
    ]);
    assert.match(
      renderPlan(plan),
      /usage: compute pool pool: 7 running statement\(s\) hold at least 5 CFU, 7,200 CFU-minutes a day/,
    );
    assert.doesNotMatch(renderPlan(plan), /compute pool idle:/);
  });
});
