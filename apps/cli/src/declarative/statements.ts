import {
  carriedOverProperties,
  GENERATION_LABEL,
  STACK_LABEL,
  STACK_STATEMENT_LABEL,
  type StackStatement,
} from '#domain';
import type { Schemas } from '#client';
import { call, find, type Client } from './api';

type Statement = Schemas['Statement'];

/** Where a statement lives and how long to wait for it. */
export interface StatementScope {
  client: Client;
  organizationId: string;
  environmentId: string;
  /** Longest wait for one statement to reach a phase, in milliseconds. */
  timeoutMs: number;
  /** False: do not wait for a new or resumed statement to run (stops and deletes are still awaited). */
  wait: boolean;
  progress(line: string): void;
}

const POLL_MS = 1000;
const SETTLED = ['RUNNING', 'COMPLETED'];

function path(scope: StatementScope) {
  return { organization_id: scope.organizationId, environment_id: scope.environmentId };
}

export async function getStatement(scope: StatementScope, name: string): Promise<Statement | undefined> {
  return find(
    `read statement ${name}`,
    scope.client.GET(
      '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
      {
        params: { path: { ...path(scope), statement_name: name } },
      },
    ),
  );
}

/** Polls until the statement's phase is one of `phases`; FAILED (unless awaited) or the timeout is an error. */
export async function waitForPhase(scope: StatementScope, name: string, phases: readonly string[]): Promise<Statement> {
  const started = Date.now();
  let last = '';
  for (;;) {
    const st = await getStatement(scope, name);
    if (!st) throw new Error(`statement ${name} disappeared while waiting for ${phases.join('/')}`);
    const phase = st.status.phase;
    if (phases.includes(phase)) return st;
    if (phase === 'FAILED') {
      throw new Error(`statement ${name} FAILED: ${st.status.detail ?? '(no detail)'}`);
    }
    if (phase !== last) {
      scope.progress(`    ${name}: ${phase}${st.status.detail ? ` (${st.status.detail})` : ''}`);
      last = phase;
    }
    if (Date.now() - started > scope.timeoutMs) {
      throw new Error(
        `statement ${name} is still ${phase} after ${Math.round(scope.timeoutMs / 1000)} s (waiting for ${phases.join('/')}); raise --timeout or check its pool`,
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Deletes a statement and waits until it is gone. */
export async function deleteStatement(scope: StatementScope, name: string): Promise<void> {
  const { response, error } = await scope.client.DELETE(
    '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
    { params: { path: { ...path(scope), statement_name: name } } },
  );
  if (!response.ok && response.status !== 404)
    await call(`delete statement ${name}`, Promise.resolve({ error, response }));
  const started = Date.now();
  while (await getStatement(scope, name)) {
    if (Date.now() - started > scope.timeoutMs)
      throw new Error(`statement ${name} is still being deleted; raise --timeout`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export interface NewStatement {
  name: string;
  stackName: string;
  key: string;
  generation: number;
  sql: string;
  declared: StackStatement;
  computePoolId: string;
  principal?: string;
}

/** Creates a statement that is not part of the stack (a plan probe): no labels, runs at once. */
export async function createStatementRaw(
  scope: StatementScope,
  name: string,
  sql: string,
  computePoolId: string,
  principal: string | undefined,
): Promise<void> {
  await call(
    `create statement ${name}`,
    scope.client.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
      params: { path: path(scope) },
      body: { name, spec: { statement: sql, compute_pool_id: computePoolId, ...(principal ? { principal } : {}) } },
    }),
  );
}

export async function createStatement(scope: StatementScope, s: NewStatement): Promise<Statement> {
  const created = await call(
    `create statement ${s.name}`,
    scope.client.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
      params: { path: path(scope) },
      body: {
        name: s.name,
        metadata: {
          labels: {
            [STACK_LABEL]: s.stackName,
            [STACK_STATEMENT_LABEL]: s.key,
            [GENERATION_LABEL]: String(s.generation),
          },
        },
        spec: {
          statement: s.sql,
          properties: s.declared.properties,
          compute_pool_id: s.computePoolId,
          ...(s.principal ? { principal: s.principal } : {}),
          stopped: s.declared.stopped,
        },
      },
    }),
  );
  if (!s.declared.stopped && scope.wait) return waitForPhase(scope, s.name, SETTLED);
  return created;
}

/** PUTs `stopped` (and, on a resume, the pool and principal) with the statement's resource_version. */
async function put(
  scope: StatementScope,
  name: string,
  change: { stopped: boolean; computePoolId?: string; principal?: string },
): Promise<void> {
  const st = await getStatement(scope, name);
  if (!st) throw new Error(`statement ${name} no longer exists`);
  await call(
    `${change.stopped ? 'stop' : 'resume'} statement ${name}`,
    scope.client.PUT(
      '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
      {
        params: { path: { ...path(scope), statement_name: name } },
        body: {
          name,
          metadata: { resource_version: st.metadata.resource_version },
          spec: {
            stopped: change.stopped,
            ...(change.computePoolId ? { compute_pool_id: change.computePoolId } : {}),
            ...(change.principal ? { principal: change.principal } : {}),
          },
        },
      },
    ),
  );
}

/** Stops with a savepoint and waits for STOPPED (a bounded statement may end COMPLETED instead). */
export async function stopStatement(scope: StatementScope, name: string): Promise<Statement> {
  const st = await getStatement(scope, name);
  if (st && !st.spec.stopped) await put(scope, name, { stopped: true });
  return waitForPhase(scope, name, ['STOPPED', 'COMPLETED']);
}

export async function resumeStatement(
  scope: StatementScope,
  name: string,
  change: { computePoolId?: string; principal?: string },
): Promise<void> {
  const st = await getStatement(scope, name);
  if (st?.status.phase === 'STOPPING') await waitForPhase(scope, name, ['STOPPED']);
  await put(scope, name, { stopped: false, ...change });
  if (scope.wait) await waitForPhase(scope, name, ['RUNNING']);
}

/**
 * Replaces a stateless statement with carry-over offsets: stop the old one, create the new one
 * with `sql.tables.initial-offset-from` naming it (the engine starts each table where the old one
 * stopped), and delete the old one once the new one runs. The old one is kept (stopped, with its
 * offsets) whenever a later step fails, so nothing is lost.
 */
export async function carryOver(scope: StatementScope, oldName: string, next: NewStatement): Promise<string> {
  scope.progress(`    stopping ${oldName} with a savepoint`);
  const stopped = await stopStatement(scope, oldName);
  const offsets = stopped.status.latest_offsets ?? {};
  scope.progress(
    `    ${oldName} stopped at ${Object.keys(offsets).length ? JSON.stringify(offsets) : '(no Kafka offsets recorded)'}`,
  );
  const properties = carriedOverProperties(next.declared.properties ?? {}, oldName);
  await createStatement(scope, { ...next, declared: { ...next.declared, properties } });
  // The old version goes only once the new one runs, whatever --wait says.
  try {
    await waitForPhase(scope, next.name, ['RUNNING']);
  } catch (e) {
    throw new Error(
      `${(e as Error).message}. ${oldName} is left STOPPED with its offsets; fix ${next.name} and resume it, or resume ${oldName}.`,
    );
  }
  scope.progress(
    `    ${next.name} started from ${oldName}'s offsets of ${Object.keys(offsets).join(', ') || 'no table'}`,
  );
  await deleteStatement(scope, oldName);
  return next.name;
}
