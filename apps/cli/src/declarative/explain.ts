import { randomBytes } from 'node:crypto';
import { statefulnessOfPlan, type Statefulness } from '#domain';
import { call, nextPage } from './api';
import { createStatementRaw, deleteStatement, waitForPhase, type StatementScope } from './statements';

/**
 * Asks Flink whether a statement's SQL keeps state: runs `EXPLAIN CHANGELOG_MODE <sql>` as a
 * short-lived statement on the statement's pool and reads the plan from its results.
 */
export async function explainStatefulness(
  scope: StatementScope,
  name: string,
  sql: string,
  computePoolId: string | undefined,
  principal: string | undefined,
): Promise<Statefulness> {
  if (!computePoolId) return { kind: 'unknown', why: 'its compute pool does not exist yet' };
  const probe = `${name.slice(0, 80)}-plan-${randomBytes(3).toString('hex')}`;
  const explained = sql
    .trim()
    .replace(/;\s*$/, '')
    .replace(/^\s*EXECUTE\s+(STATEMENT\s+SET)/i, '$1');
  try {
    await createStatementRaw(scope, probe, `EXPLAIN CHANGELOG_MODE ${explained}`, computePoolId, principal);
    await waitForPhase(scope, probe, ['COMPLETED']);
    const lines: string[] = [];
    let token: string | undefined;
    do {
      const page = await call(
        `read the plan of ${name}`,
        scope.client.GET(
          '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{name}/results',
          {
            params: {
              path: { organization_id: scope.organizationId, environment_id: scope.environmentId, name: probe },
              query: token ? { page_token: token } : {},
            },
          },
        ),
      );
      const rows = page.results.data ?? [];
      for (const r of rows) lines.push(String((r as { row?: unknown[] }).row?.[0] ?? ''));
      token = rows.length ? nextPage(page.metadata.next) : undefined;
    } while (token);
    return statefulnessOfPlan(lines.join('\n'));
  } catch (e) {
    return { kind: 'unknown', why: (e as Error).message };
  } finally {
    await deleteStatement(scope, probe).catch(() => undefined);
  }
}
