import { maxCfuChangeProblem } from '../cfu';
import { generationOf, STACK_STATEMENT_LABEL, type LiveState, type LiveStatementRecord } from './live-state';
import { bindingCrn, bindingKey, principalId, resolveIds, type ResolvedIds } from './references';
import type { Stack } from './stack-schema';
import {
  decideStatement,
  type FieldChange,
  type LiveStatement,
  type ReplaceStrategy,
  type Statefulness,
} from './statement-evolution';

/**
 * The planner: the stack (desired) against the live state, as an ordered list of actions.
 * Pure: the CLI reads the live state, asks Flink for the plans a decision needs, and executes.
 */

export const RESOURCE_KINDS = [
  'environment',
  'service_account',
  'compute_pool',
  'role_binding',
  'api_key',
  'statement',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export type Operation = 'create' | 'update' | 'delete' | 'stop' | 'resume' | 'restart' | 'replace';

export interface PlannedAction {
  kind: ResourceKind;
  /** The resource's key in the stack (for a role binding, its description). */
  key: string;
  op: Operation;
  /** The server's id (statements: their server name) of an existing resource. */
  id?: string;
  /** The statement's environment id, when known. */
  environmentId?: string;
  changes: FieldChange[];
  reason?: string;
  strategy?: ReplaceStrategy;
  steps?: string[];
}

export interface Refusal {
  kind: ResourceKind;
  key: string;
  reason: string;
}

export interface Plan {
  stack: string;
  actions: PlannedAction[];
  /** Changes the stack asks for that cannot be made safely: apply refuses to start while any remain. */
  refusals: Refusal[];
  /** Statements whose decision needs Flink's plan of their new SQL (see decideStatement). */
  needsPlan: string[];
  warnings: string[];
  /** What the stack's running statements hold once applied, per pool (poolUsage). */
  usage: PlannedPoolUsage[];
  unchanged: number;
}

/** A pool's CFUs once the stack is applied: each running statement holds at least one. */
export interface PlannedPoolUsage {
  pool: string;
  runningStatements: number;
  /** At least this many CFUs held: one per running statement, at most max_cfu. */
  cfu: number;
  /** What that holds for a whole day, in the unit billing reports use. */
  cfuMinutesPerDay: number;
}

export interface PlanOptions {
  /** Delete the stack's statements that the file no longer names (found by their labels). */
  prune?: boolean;
  /** Flink's verdict on the new SQL of statements listed in an earlier plan's needsPlan. */
  statefulness?: Readonly<Record<string, Statefulness>>;
}

const RANK: Record<ResourceKind, number> = Object.fromEntries(RESOURCE_KINDS.map((k, i) => [k, i])) as Record<
  ResourceKind,
  number
>;

/** The stack's statements on the server, grouped by their name in the stack (newest generation first). */
export function statementGenerations(live: LiveState): Map<string, LiveStatementRecord[]> {
  const byName = new Map<string, LiveStatementRecord[]>();
  for (const st of live.statements) {
    const name = st.labels[STACK_STATEMENT_LABEL] ?? st.name;
    byName.set(name, [...(byName.get(name) ?? []), st]);
  }
  for (const list of byName.values()) list.sort((a, b) => generationOf(b.labels) - generationOf(a.labels));
  return byName;
}

function liveStatement(record: LiveStatementRecord): LiveStatement {
  return {
    serverName: record.name,
    generation: generationOf(record.labels),
    sql: record.sql,
    properties: record.properties,
    computePoolId: record.compute_pool_id,
    principal: record.principal,
    stopped: record.stopped,
    phase: record.phase,
    detail: record.detail,
  };
}

function planStatements(stack: Stack, live: LiveState, ids: ResolvedIds, options: PlanOptions, plan: Plan): void {
  const generations = statementGenerations(live);
  for (const [name, st] of Object.entries(stack.statements)) {
    const envId = ids.environment(st.environment);
    const current = envId ? generations.get(name)?.find((g) => g.environment_id === envId) : undefined;
    const principal = st.principal === undefined ? undefined : principalId(st.principal, ids);
    const decision = decideStatement(
      name,
      {
        sql: st.sql,
        properties: st.properties,
        computePoolId: ids.computePool(st.compute_pool) ?? null,
        principal: principal ?? (st.principal === undefined ? undefined : `(service account ${st.principal})`),
        stopped: st.stopped,
        evolution: st.evolution,
      },
      current && liveStatement(current),
      options.statefulness?.[name],
    );
    const base = {
      kind: 'statement' as const,
      key: name,
      id: current?.name,
      environmentId: envId,
      changes: decision.changes,
    };
    switch (decision.action) {
      case 'noop':
        plan.unchanged++;
        break;
      case 'refuse':
        plan.refusals.push({ kind: 'statement', key: name, reason: decision.reason });
        break;
      case 'needs-plan':
        plan.needsPlan.push(name);
        break;
      case 'replace':
        plan.actions.push({
          ...base,
          op: 'replace',
          reason: decision.reason,
          strategy: decision.strategy,
          steps: decision.steps,
        });
        break;
      default:
        plan.actions.push({
          ...base,
          op: decision.action,
          ...('reason' in decision && decision.reason ? { reason: decision.reason } : {}),
        });
    }
  }
  if (options.prune) {
    for (const [name, records] of generations) {
      for (const record of records) {
        const declared = stack.statements[name];
        const envId = declared && ids.environment(declared.environment);
        if (declared && record.environment_id === envId && record === records.find((r) => r.environment_id === envId))
          continue;
        plan.actions.push({
          kind: 'statement',
          key: name,
          op: 'delete',
          id: record.name,
          environmentId: record.environment_id,
          changes: [],
          reason: declared
            ? 'an older generation or another environment: no longer declared'
            : 'no longer in the stack (--prune)',
        });
      }
    }
  }
}

function planRoleBindings(stack: Stack, live: LiveState, ids: ResolvedIds, plan: Plan): void {
  for (const rb of stack.role_bindings) {
    const principal = principalId(rb.principal, ids);
    const crn = bindingCrn(rb, stack, ids, live.organizationCrn);
    const existing =
      principal && crn
        ? live.roleBindings.find(
            (b) => b.principal === `User:${principal}` && b.role_name === rb.role && b.crn_pattern === crn,
          )
        : undefined;
    if (existing) plan.unchanged++;
    else plan.actions.push({ kind: 'role_binding', key: bindingKey(rb), op: 'create', changes: [] });
  }
}

/** An existing key or account: updated when only its description differs. */
function describe(
  plan: Plan,
  kind: ResourceKind,
  key: string,
  existing: { id: string; description: string },
  description: string,
): void {
  if (existing.description === description) {
    plan.unchanged++;
    return;
  }
  plan.actions.push({
    kind,
    key,
    op: 'update',
    id: existing.id,
    changes: [{ field: 'description', from: existing.description, to: description }],
  });
}

function planApiKeys(stack: Stack, live: LiveState, ids: ResolvedIds, plan: Plan): void {
  for (const [key, k] of Object.entries(stack.api_keys)) {
    const owner = principalId(k.owner, ids);
    const name = k.display_name ?? key;
    const existing = owner ? live.apiKeys.find((a) => a.owner_id === owner && a.display_name === name) : undefined;
    if (!existing) {
      plan.actions.push({
        kind: 'api_key',
        key,
        op: 'create',
        changes: [],
        reason: k.secret_file ? `its secret is written to ${k.secret_file}` : 'its secret is printed once',
      });
    } else describe(plan, 'api_key', key, existing, k.description);
  }
}

function emptyPlan(stack: Stack): Plan {
  return { stack: stack.stack, actions: [], refusals: [], needsPlan: [], warnings: [], usage: [], unchanged: 0 };
}

/** Creates, updates and (with --prune) deletes that bring the server to the stack, in dependency order. */
export function planApply(stack: Stack, live: LiveState, options: PlanOptions = {}): Plan {
  const plan = emptyPlan(stack);
  const ids = resolveIds(stack, live);

  for (const [key, env] of Object.entries(stack.environments)) {
    const matches = live.environments.filter((e) => e.display_name === (env.display_name ?? key));
    if (matches.length > 1) {
      plan.refusals.push({
        kind: 'environment',
        key,
        reason: `${matches.length} environments are named '${env.display_name ?? key}' (${matches.map((m) => m.id).join(', ')}); rename all but one`,
      });
    } else if (matches.length === 0) plan.actions.push({ kind: 'environment', key, op: 'create', changes: [] });
    else plan.unchanged++;
  }

  for (const [key, sa] of Object.entries(stack.service_accounts)) {
    const existing = live.serviceAccounts.find((s) => s.display_name === (sa.display_name ?? key));
    if (!existing) plan.actions.push({ kind: 'service_account', key, op: 'create', changes: [] });
    else describe(plan, 'service_account', key, existing, sa.description);
  }

  for (const [key, pool] of Object.entries(stack.compute_pools)) {
    const id = ids.computePool(key);
    const existing = id ? live.computePools.find((p) => p.id === id) : undefined;
    if (!existing) {
      plan.actions.push({ kind: 'compute_pool', key, op: 'create', changes: [] });
      continue;
    }
    if (existing.cloud.toUpperCase() !== pool.cloud || existing.region !== pool.region) {
      plan.refusals.push({
        kind: 'compute_pool',
        key,
        reason: `a pool's cloud and region are fixed (it is ${existing.cloud} ${existing.region}); declare a new pool under another name and move the statements to it`,
      });
      continue;
    }
    if (existing.max_cfu !== pool.max_cfu) {
      const problem = maxCfuChangeProblem(existing.max_cfu, pool.max_cfu);
      if (problem) plan.refusals.push({ kind: 'compute_pool', key, reason: problem });
      else {
        plan.actions.push({
          kind: 'compute_pool',
          key,
          op: 'update',
          id,
          changes: [{ field: 'max_cfu', from: existing.max_cfu, to: pool.max_cfu }],
        });
      }
    } else plan.unchanged++;
  }

  planRoleBindings(stack, live, ids, plan);
  planApiKeys(stack, live, ids, plan);
  planStatements(stack, live, ids, options, plan);
  plan.warnings.push(...cfuWarnings(stack));
  plan.usage = poolUsage(stack);
  plan.actions = orderActions(plan.actions);
  return plan;
}

/** The stack's statements that keep running once applied (not DDL, not stopped), counted per pool. */
function runningPerPool(stack: Stack): Map<string, number> {
  const running = new Map<string, number>();
  for (const st of Object.values(stack.statements)) {
    if (!st.stopped && /^\s*(INSERT|EXECUTE|BEGIN|SELECT|WITH)\b/i.test(st.sql)) {
      running.set(st.compute_pool, (running.get(st.compute_pool) ?? 0) + 1);
    }
  }
  return running;
}

/** Per declared pool, the CFUs and daily CFU-minutes its running statements hold at least. */
export function poolUsage(stack: Stack): PlannedPoolUsage[] {
  const running = runningPerPool(stack);
  return Object.entries(stack.compute_pools).map(([pool, p]) => {
    const n = running.get(pool) ?? 0;
    const cfu = Math.min(n, p.max_cfu);
    return { pool, runningStatements: n, cfu, cfuMinutesPerDay: cfu * 24 * 60 };
  });
}

/** Each running statement holds at least one CFU: warn when a pool's declared statements cannot all run. */
function cfuWarnings(stack: Stack): string[] {
  return [...runningPerPool(stack)]
    .filter(([pool, n]) => n > stack.compute_pools[pool].max_cfu)
    .map(
      ([pool, n]) =>
        `compute pool ${pool}: ${n} running statements need at least ${n} CFUs but max_cfu is ${stack.compute_pools[pool].max_cfu}; some will wait PENDING (POOL_EXHAUSTED)`,
    );
}

/** Creates and changes first, parents before children; then deletes, children before parents. */
export function orderActions(actions: readonly PlannedAction[]): PlannedAction[] {
  const indexed = actions.map((a, i) => ({ a, i }));
  const forward = indexed
    .filter(({ a }) => a.op !== 'delete')
    .sort((x, y) => RANK[x.a.kind] - RANK[y.a.kind] || x.i - y.i);
  const deletes = indexed
    .filter(({ a }) => a.op === 'delete')
    .sort((x, y) => RANK[y.a.kind] - RANK[x.a.kind] || y.i - x.i);
  return [...forward, ...deletes].map(({ a }) => a);
}

/** Deletes of everything the stack declares that exists, children before parents. */
export function planDestroy(stack: Stack, live: LiveState): Plan {
  const plan = emptyPlan(stack);
  const ids = resolveIds(stack, live);
  const del = (kind: ResourceKind, key: string, id: string | undefined, environmentId?: string) => {
    if (id) plan.actions.push({ kind, key, op: 'delete', id, environmentId, changes: [] });
  };
  for (const key of Object.keys(stack.environments)) del('environment', key, ids.environment(key));
  for (const key of Object.keys(stack.service_accounts)) del('service_account', key, ids.serviceAccount(key));
  for (const key of Object.keys(stack.compute_pools)) {
    del('compute_pool', key, ids.computePool(key), ids.environment(stack.compute_pools[key].environment));
  }
  for (const rb of stack.role_bindings) {
    const principal = principalId(rb.principal, ids);
    const crn = bindingCrn(rb, stack, ids, live.organizationCrn);
    const found = live.roleBindings.find(
      (b) => b.principal === `User:${principal}` && b.role_name === rb.role && b.crn_pattern === crn,
    );
    del('role_binding', bindingKey(rb), found?.id);
  }
  for (const [key, k] of Object.entries(stack.api_keys)) {
    const owner = principalId(k.owner, ids);
    del(
      'api_key',
      key,
      live.apiKeys.find((a) => a.owner_id === owner && a.display_name === (k.display_name ?? key))?.id,
    );
  }
  const generations = statementGenerations(live);
  for (const name of Object.keys(stack.statements)) {
    for (const record of generations.get(name) ?? []) del('statement', name, record.name, record.environment_id);
  }
  plan.actions = orderActions(plan.actions);
  return plan;
}

export function planHasChanges(plan: Plan): boolean {
  return plan.actions.length > 0;
}
