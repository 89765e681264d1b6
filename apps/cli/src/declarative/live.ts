import { STACK_LABEL, type LiveState, type LiveStatementRecord, type Stack } from '#domain';
import { call, listAll, type Client } from './api';

const PAGE = 100;

/** The caller's organization: its id and the CRN every binding of the stack starts with. */
export async function organizationOf(client: Client): Promise<{ id: string; crn: string }> {
  const orgs = await call(
    'list organizations',
    client.GET('/org/v2/organizations', { params: { query: { page_size: PAGE } } }),
  );
  const org = orgs.data[0];
  if (!org) throw new Error('The API key belongs to no organization.');
  const crn = org.metadata.resource_name ?? `crn://confluent.cloud/organization=${org.id}`;
  return { id: org.id, crn };
}

/** Reads, from the live API, everything the planner compares the stack with. */
export async function readLiveState(
  client: Client,
  stack: Stack,
  organization: { id: string; crn: string },
): Promise<LiveState> {
  const environments = (
    await listAll('list environments', (page_token) =>
      client.GET('/org/v2/environments', { params: { query: { page_size: PAGE, page_token } } }),
    )
  ).map((e) => ({ id: e.id, display_name: e.display_name }));

  const wantedEnvs = new Set(Object.entries(stack.environments).map(([k, e]) => e.display_name ?? k));
  const ours = environments.filter((e) => wantedEnvs.has(e.display_name));

  const computePools: LiveState['computePools'] = [];
  const statements: LiveStatementRecord[] = [];
  for (const env of ours) {
    const pools = await listAll('list compute pools', (page_token) =>
      client.GET('/fcpm/v2/compute-pools', { params: { query: { environment: env.id, page_size: PAGE, page_token } } }),
    );
    computePools.push(
      ...pools.map((p) => ({
        id: p.id,
        display_name: p.spec.display_name ?? '',
        environment_id: env.id,
        cloud: p.spec.cloud ?? '',
        region: p.spec.region ?? '',
        max_cfu: p.spec.max_cfu ?? 0,
      })),
    );
    const listed = await listAll('list statements', (page_token) =>
      client.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: {
          path: { organization_id: organization.id, environment_id: env.id },
          query: { label_selector: `${STACK_LABEL}=${stack.stack}`, page_size: PAGE, page_token },
        },
      }),
    );
    statements.push(
      ...listed.map((s) => ({
        environment_id: env.id,
        name: s.name,
        labels: s.metadata.labels ?? {},
        sql: s.spec.statement,
        properties: s.spec.properties ?? {},
        compute_pool_id: s.spec.compute_pool_id,
        principal: s.spec.principal,
        stopped: s.spec.stopped,
        phase: s.status.phase,
        detail: s.status.detail,
      })),
    );
  }

  const serviceAccounts = (
    await listAll('list service accounts', (page_token) =>
      client.GET('/iam/v2/service-accounts', { params: { query: { page_size: PAGE, page_token } } }),
    )
  ).map((s) => ({ id: s.id, display_name: s.display_name, description: s.description }));

  const roleBindings = (
    await listAll('list role bindings', (page_token) =>
      client.GET('/iam/v2/role-bindings', {
        params: { query: { crn_pattern: `${organization.crn}*`, page_size: PAGE, page_token } },
      }),
    )
  ).map((b) => ({ id: b.id, principal: b.principal, role_name: b.role_name, crn_pattern: b.crn_pattern }));

  const apiKeys = Object.keys(stack.api_keys).length
    ? (
        await listAll('list API keys', (page_token) =>
          client.GET('/iam/v2/api-keys', { params: { query: { page_size: PAGE, page_token } } }),
        )
      ).map((k) => ({
        id: k.id,
        display_name: k.spec.display_name,
        description: k.spec.description,
        owner_id: k.spec.owner.id,
        resource_id: k.spec.resource.id,
        resource_environment: k.spec.resource.environment,
      }))
    : [];

  return {
    organizationCrn: organization.crn,
    environments,
    computePools,
    serviceAccounts,
    roleBindings,
    apiKeys,
    statements,
  };
}
