import { constants, promises as fs } from 'node:fs';
import {
  bindingCrn,
  bindingKey as bindingKeyOf,
  flinkRegionId,
  generationName,
  generationOf,
  kafkaClusterIdOf,
  principalId,
  renderAction,
  resolveIds,
  statementGenerations,
  type LiveState,
  type PlannedAction,
  type Stack,
} from '#domain';
import { call, type Client } from './api';
import {
  carryOver,
  createStatement,
  deleteStatement,
  resumeStatement,
  stopStatement,
  waitForPhase,
  type StatementScope,
} from './statements';

export interface ExecutionContext {
  client: Client;
  organizationId: string;
  stack: Stack;
  /** The live state the plan was made from; updated as resources are created. */
  live: LiveState;
  timeoutMs: number;
  wait: boolean;
  /** Directory that relative secret_file paths are resolved against. */
  baseDir: string;
  out(line: string): void;
}

/** An apply or destroy that stopped part-way: what was done, what failed, what was not started. */
export class ExecutionFailure extends Error {
  constructor(
    readonly done: PlannedAction[],
    readonly failed: PlannedAction,
    readonly error: Error,
    readonly remaining: PlannedAction[],
  ) {
    super(error.message);
  }
}

/** Runs the actions in order, one at a time, reporting each; the first failure stops the run. */
export async function execute(ctx: ExecutionContext, actions: readonly PlannedAction[]): Promise<void> {
  const done: PlannedAction[] = [];
  for (const [i, action] of actions.entries()) {
    const started = Date.now();
    ctx.out(`[${i + 1}/${actions.length}] ${renderAction(action)[0]}`);
    try {
      await run(ctx, action);
    } catch (e) {
      throw new ExecutionFailure(done, action, e as Error, actions.slice(i + 1));
    }
    ctx.out(`    done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    done.push(action);
  }
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} does not exist; it should have been created earlier in this apply`);
  return value;
}

function statementScope(ctx: ExecutionContext, environmentId: string): StatementScope {
  return {
    client: ctx.client,
    organizationId: ctx.organizationId,
    environmentId,
    timeoutMs: ctx.timeoutMs,
    wait: ctx.wait,
    progress: ctx.out,
  };
}

async function run(ctx: ExecutionContext, action: PlannedAction): Promise<void> {
  const { client, stack, live } = ctx;
  const ids = resolveIds(stack, live);
  switch (action.kind) {
    case 'environment': {
      if (action.op === 'delete') {
        await call(
          `delete environment ${action.key}`,
          client.DELETE('/org/v2/environments/{id}', { params: { path: { id: action.id! } } }),
        );
        return;
      }
      const display_name = stack.environments[action.key].display_name ?? action.key;
      const env = await call(
        `create environment ${action.key}`,
        client.POST('/org/v2/environments', { body: { display_name } }),
      );
      live.environments.push({ id: env.id, display_name });
      return;
    }
    case 'service_account': {
      if (action.op === 'delete') {
        await call(
          `delete service account ${action.key}`,
          client.DELETE('/iam/v2/service-accounts/{id}', { params: { path: { id: action.id! } } }),
        );
        return;
      }
      const sa = stack.service_accounts[action.key];
      if (action.op === 'update') {
        await call(
          `update service account ${action.key}`,
          client.PATCH('/iam/v2/service-accounts/{id}', {
            params: { path: { id: action.id! } },
            body: { description: sa.description },
          }),
        );
        return;
      }
      const display_name = sa.display_name ?? action.key;
      const created = await call(
        `create service account ${action.key}`,
        client.POST('/iam/v2/service-accounts', { body: { display_name, description: sa.description } }),
      );
      live.serviceAccounts.push({ id: created.id, display_name, description: sa.description });
      return;
    }
    case 'compute_pool':
      return runPool(ctx, action);
    case 'role_binding': {
      if (action.op === 'delete') {
        await call(
          `delete role binding ${action.key}`,
          client.DELETE('/iam/v2/role-bindings/{id}', { params: { path: { id: action.id! } } }),
        );
        return;
      }
      const rb = stack.role_bindings.find((b) => bindingKeyOf(b) === action.key)!;
      const principal = need(principalId(rb.principal, ids), `principal ${rb.principal}`);
      const crn = need(bindingCrn(rb, stack, ids, live.organizationCrn), `what the binding ${action.key} is on`);
      const created = await call(
        `create role binding ${action.key}`,
        client.POST('/iam/v2/role-bindings', {
          body: { principal: `User:${principal}`, role_name: rb.role, crn_pattern: crn },
        }),
      );
      live.roleBindings.push({
        id: created.id,
        principal: created.principal,
        role_name: created.role_name,
        crn_pattern: created.crn_pattern,
      });
      return;
    }
    case 'api_key':
      return runApiKey(ctx, action);
    case 'statement':
      return runStatement(ctx, action);
  }
}

async function runPool(ctx: ExecutionContext, action: PlannedAction): Promise<void> {
  const { client, stack, live } = ctx;
  const pool = stack.compute_pools[action.key];
  const envId =
    action.op === 'delete'
      ? action.environmentId!
      : need(resolveIds(stack, live).environment(pool.environment), `environment ${pool.environment}`);
  if (action.op === 'delete') {
    await call(
      `delete compute pool ${action.key}`,
      client.DELETE('/fcpm/v2/compute-pools/{id}', {
        params: { path: { id: action.id! }, query: { environment: envId } },
      }),
    );
    return;
  }
  if (action.op === 'update') {
    await call(
      `update compute pool ${action.key}`,
      client.PATCH('/fcpm/v2/compute-pools/{id}', {
        params: { path: { id: action.id! } },
        body: { spec: { max_cfu: pool.max_cfu, environment: { id: envId } } },
      }),
    );
    return;
  }
  const display_name = pool.display_name ?? action.key;
  const created = await call(
    `create compute pool ${action.key}`,
    client.POST('/fcpm/v2/compute-pools', {
      body: {
        spec: {
          display_name,
          cloud: pool.cloud,
          region: pool.region,
          max_cfu: pool.max_cfu,
          environment: { id: envId },
        },
      },
    }),
  );
  live.computePools.push({
    id: created.id,
    display_name,
    environment_id: envId,
    cloud: pool.cloud,
    region: pool.region,
    max_cfu: pool.max_cfu,
  });
}

async function runApiKey(ctx: ExecutionContext, action: PlannedAction): Promise<void> {
  const { client, stack, live } = ctx;
  if (action.op === 'delete') {
    await call(
      `delete API key ${action.key}`,
      client.DELETE('/iam/v2/api-keys/{id}', { params: { path: { id: action.id! } } }),
    );
    return;
  }
  const k = stack.api_keys[action.key];
  if (action.op === 'update') {
    await call(
      `update API key ${action.key}`,
      client.PATCH('/iam/v2/api-keys/{id}', {
        params: { path: { id: action.id! } },
        body: { spec: { description: k.description } },
      }),
    );
    return;
  }
  const ids = resolveIds(stack, live);
  const owner = need(principalId(k.owner, ids), `owner ${k.owner}`);
  let resource: { id: string; environment?: string } = { id: 'cloud' };
  if (typeof k.resource !== 'string') {
    const envKey =
      'flink_region' in k.resource ? k.resource.flink_region.environment : k.resource.kafka_cluster.environment;
    const envId = need(ids.environment(envKey), `environment ${envKey}`);
    if ('flink_region' in k.resource) {
      const pool = Object.values(stack.compute_pools).find((p) => p.environment === envKey)!;
      resource = { id: flinkRegionId(pool.cloud, pool.region), environment: envId };
    } else resource = { id: kafkaClusterIdOf(envId) };
  }
  const file = k.secret_file && (k.secret_file.startsWith('/') ? k.secret_file : `${ctx.baseDir}/${k.secret_file}`);
  // Open the secret file before the key exists, so a bad path never costs a secret.
  const handle = file
    ? await fs.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600)
    : undefined;
  try {
    const created = await call(
      `create API key ${action.key}`,
      client.POST('/iam/v2/api-keys', {
        body: {
          spec: {
            display_name: k.display_name ?? action.key,
            description: k.description,
            owner: { id: owner },
            resource,
          },
        },
      }),
    );
    live.apiKeys.push({
      id: created.id,
      display_name: k.display_name ?? action.key,
      description: k.description,
      owner_id: owner,
      resource_id: resource.id,
    });
    if (handle) {
      await handle.writeFile(`${created.id}:${created.spec.secret ?? ''}\n`);
      ctx.out(`    API key ${created.id}: secret written to ${file} (mode 0600); cflink does not keep it`);
    } else {
      ctx.out(`    API key ${created.id}, secret ${created.spec.secret ?? ''} (shown once; cflink does not keep it)`);
    }
  } finally {
    await handle?.close();
  }
}

async function runStatement(ctx: ExecutionContext, action: PlannedAction): Promise<void> {
  const { stack, live } = ctx;
  const ids = resolveIds(stack, live);
  const declared = stack.statements[action.key];
  const envId =
    action.environmentId ??
    need(declared && ids.environment(declared.environment), `environment ${declared?.environment}`);
  const scope = statementScope(ctx, envId);
  if (action.op === 'delete') return deleteStatement(scope, action.id!);
  const computePoolId = need(ids.computePool(declared.compute_pool), `compute pool ${declared.compute_pool}`);
  const principal =
    declared.principal === undefined
      ? undefined
      : need(principalId(declared.principal, ids), `principal ${declared.principal}`);
  const current = statementGenerations(live)
    .get(action.key)
    ?.find((g) => g.environment_id === envId);
  const generation = current ? generationOf(current.labels) : 1;
  const next = (gen: number) => ({
    name: generationName(action.key, gen),
    stackName: stack.stack,
    key: action.key,
    generation: gen,
    sql: declared.sql,
    declared,
    computePoolId,
    principal,
  });
  switch (action.op) {
    case 'create':
      await createStatement(scope, next(1));
      return;
    case 'stop':
      await stopStatement(scope, action.id!);
      return;
    case 'resume':
      await resumeStatement(scope, action.id!, { computePoolId, principal });
      return;
    case 'restart':
      await stopStatement(scope, action.id!);
      await resumeStatement(scope, action.id!, { computePoolId, principal });
      return;
    case 'replace':
      if (action.strategy === 'carry-over-offsets') {
        await carryOver(scope, action.id!, next(generation + 1));
      } else if (action.strategy === 'reprocess') {
        await createStatement(scope, next(generation + 1));
        await waitForPhase(scope, generationName(action.key, generation + 1), ['RUNNING']);
        await stopStatement(scope, action.id!);
        await deleteStatement(scope, action.id!);
      } else {
        await deleteStatement(scope, action.id!);
        await createStatement(scope, { ...next(generation), name: action.id! });
      }
      return;
    default:
      throw new Error(`cannot ${action.op} a statement`);
  }
}
