import { Injectable } from '@nestjs/common';
import {
  ApiKeysRepository,
  ComputePoolsRepository,
  RoleBindingsRepository,
  StatementsRepository,
  type Statement,
} from '#db';
import {
  actionOf,
  ASSIGN_PRINCIPAL,
  flinkRegionId,
  formatCrn,
  parseCrnPattern,
  patchedReferences,
  principalKind,
  type JsonPatchOperation,
} from '#domain';
import { Urls } from '../common/urls';
import type { OperationId } from '../openapi/operation.decorator';
import type { ValidRequest } from '../openapi/request-validator';
import { RegionCatalog } from '../regions/region-catalog';
import type { Caller } from './caller';

/** One question for the policy: may the caller do `action` on `resource` (a CRN)? */
export interface Check {
  action: string;
  resource: string;
}

/** What a request touches: every check must pass; a list also says what it may show. */
export interface Target {
  checks: Check[];
  /** For lists: the children shown are those `action` is granted on within `container`. */
  list?: { action: string; container: string };
  /** The statement the checks were resolved from, read once for the policy and the response. */
  statement?: Statement;
}

interface Ctx {
  caller: Caller;
  op: OperationId;
  params: Record<string, string>;
  query: Record<string, unknown>;
  // The body as validated against the operation's schema.
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

type Resolve = (ctx: Ctx) => Target | Promise<Target>;

/**
 * Resolves the resource CRN(s) of every operation from its path, query and body, with at most
 * one query for resources whose CRN depends on stored state (a statement's pool, a pool's
 * region). The table is keyed by every operationId, so an operation without a resolution does
 * not compile. A resource that does not exist in the caller's organization resolves to its
 * enclosing scope there, so another organization's resource is indistinguishable from a
 * missing one (the service then answers 404 to whoever may look).
 */
@Injectable()
export class ResourceResolver {
  private readonly table: Record<OperationId, Resolve | 'public'>;

  constructor(
    private readonly apiKeys: ApiKeysRepository,
    private readonly roleBindings: RoleBindingsRepository,
    private readonly pools: ComputePoolsRepository,
    private readonly statements: StatementsRepository,
    private readonly urls: Urls,
    private readonly regions: RegionCatalog,
  ) {
    const onOrg = (ctx: Ctx): Target => this.on(ctx, this.org(ctx));
    const onEnv = (ctx: Ctx): Target => this.on(ctx, this.env(ctx, ctx.params.id));
    const onEnvQuery = (ctx: Ctx): Target => this.on(ctx, this.env(ctx, String(ctx.query.environment)));
    this.table = {
      getHealth: 'public',
      getLiveness: 'public',
      listOrganizations: onOrg,
      getOrganization: onOrg,
      updateOrganization: onOrg,
      listRegions: onOrg,
      getRegion: onOrg,
      listEnvironments: (ctx) => ({
        ...onOrg(ctx),
        list: { action: 'getEnvironment', container: this.org(ctx) },
      }),
      createEnvironment: onOrg,
      getEnvironment: onEnv,
      updateEnvironment: onEnv,
      deleteEnvironment: onEnv,
      listComputePools: (ctx) => {
        const container = this.env(ctx, String(ctx.query.environment));
        return { ...this.on(ctx, container), list: { action: 'getComputePool', container } };
      },
      createComputePool: (ctx) => {
        const spec = ctx.body.spec as { environment: { id: string }; cloud: string; region: string };
        const env = this.env(ctx, spec.environment.id);
        return this.on(ctx, `${env}/flink-region=${flinkRegionId(spec.cloud, spec.region)}`);
      },
      getComputePool: (ctx) => this.poolTarget(ctx, ctx.params.id, String(ctx.query.environment)),
      updateComputePool: (ctx) => this.poolTarget(ctx, ctx.params.id, ctx.body.spec.environment.id as string),
      deleteComputePool: (ctx) => this.poolTarget(ctx, ctx.params.id, String(ctx.query.environment)),
      listStatements: (ctx) => {
        const container = this.statementsScope(ctx);
        return { ...this.on(ctx, container), list: { action: 'getStatement', container } };
      },
      createStatement: (ctx) => this.createStatement(ctx),
      getStatement: (ctx) => this.statementTarget(ctx),
      updateStatement: (ctx) => this.statementTarget(ctx),
      patchStatement: (ctx) => this.statementTarget(ctx, actionOf(ctx.op)),
      getStatementResult: (ctx) => this.statementTarget(ctx, actionOf(ctx.op)),
      getStatementExceptions: (ctx) => this.statementTarget(ctx, actionOf(ctx.op)),
      deleteStatement: (ctx) => this.statementTarget(ctx),
      listUsers: onOrg,
      createUser: onOrg,
      getUser: onOrg,
      updateUser: (ctx) => this.on(ctx, this.identity(ctx, ctx.params.id)),
      deleteUser: (ctx) => this.on(ctx, this.identity(ctx, ctx.params.id)),
      listServiceAccounts: onOrg,
      createServiceAccount: onOrg,
      getServiceAccount: onOrg,
      updateServiceAccount: (ctx) => this.on(ctx, this.identity(ctx, ctx.params.id)),
      deleteServiceAccount: (ctx) => this.on(ctx, this.identity(ctx, ctx.params.id)),
      listApiKeys: (ctx) => {
        const owner = ctx.query['spec.owner'] as string | undefined;
        if (owner) return this.on(ctx, this.identity(ctx, owner));
        // Without an owner: one's own keys always, others' as far as the caller's roles reach.
        const own = this.on(ctx, this.identity(ctx, ctx.caller.principalId));
        return { ...own, list: { action: 'listApiKeys', container: this.org(ctx) } };
      },
      createApiKey: (ctx) => this.on(ctx, this.identity(ctx, ctx.body.spec.owner.id as string)),
      getApiKey: (ctx) => this.apiKeyTarget(ctx),
      updateApiKey: (ctx) => this.apiKeyTarget(ctx),
      deleteApiKey: (ctx) => this.apiKeyTarget(ctx),
      listRoleBindings: (ctx) => this.on(ctx, this.patternScope(ctx, String(ctx.query.crn_pattern))),
      createRoleBinding: (ctx) => this.on(ctx, this.patternScope(ctx, ctx.body.crn_pattern as string)),
      listAuditEvents: onOrg,
      listCosts: (ctx) => this.on(ctx, this.org(ctx), actionOf(ctx.op)),
      getBillingReport: (ctx) => this.on(ctx, this.org(ctx), actionOf(ctx.op)),
      queryMetrics: (ctx) => this.metricsTarget(ctx),
      listMetricDescriptors: (ctx) => this.metricsTarget(ctx),
      listResourceDescriptors: (ctx) => this.metricsTarget(ctx),
      exportMetrics: (ctx) => this.metricsTarget(ctx),
      getOperatorMetrics: 'public',
      listNotificationSubscriptions: onEnvQuery,
      createNotificationSubscription: (ctx) => this.on(ctx, this.env(ctx, ctx.body.spec.environment.id as string)),
      getNotificationSubscription: onEnvQuery,
      updateNotificationSubscription: (ctx) => this.on(ctx, this.env(ctx, ctx.body.spec.environment.id as string)),
      deleteNotificationSubscription: onEnvQuery,
      testNotificationSubscription: onEnvQuery,
      listNotificationDeliveries: onEnvQuery,
      getRoleBinding: (ctx) => this.roleBindingTarget(ctx),
      deleteRoleBinding: (ctx) => this.roleBindingTarget(ctx),
    };
  }

  resolve(caller: Caller, op: OperationId, request: ValidRequest): Promise<Target> {
    const resolve = this.table[op];
    if (resolve === 'public') throw new Error(`${op} is public and never authorized`);
    const ctx: Ctx = {
      caller,
      op,
      params: request.params,
      query: request.query,
      body: (request.body ?? {}) as Ctx['body'],
    };
    return Promise.resolve(resolve(ctx)).then((target) => this.confine(caller, target));
  }

  /** Operation ids with a resolution (all non-public ones): the route-coverage test reads it. */
  operations(): { operationId: OperationId; public: boolean }[] {
    return (Object.keys(this.table) as OperationId[]).map((id) => ({
      operationId: id,
      public: this.table[id] === 'public',
    }));
  }

  private on(ctx: Ctx, resource: string, action: string = ctx.op): Target {
    return { checks: [{ action, resource }] };
  }

  private org(ctx: Ctx): string {
    return this.urls.crn.organization(ctx.caller.organizationId);
  }

  private env(ctx: Ctx, environmentId: string): string {
    return this.urls.crn.environment(ctx.caller.organizationId, environmentId);
  }

  private pool(ctx: Ctx, pool: { environmentId: string; cloud: string; region: string; id: string }): string {
    const region = flinkRegionId(pool.cloud, pool.region);
    return this.urls.crn.computePool(ctx.caller.organizationId, pool.environmentId, region, pool.id);
  }

  private async findPool(ctx: Ctx, id: string, environmentId: string): Promise<string | null> {
    const pool = await this.pools.find(ctx.caller.organizationId, environmentId, id);
    return pool && this.pool(ctx, pool);
  }

  private async poolTarget(ctx: Ctx, id: string, environmentId: string): Promise<Target> {
    return this.on(ctx, (await this.findPool(ctx, id, environmentId)) ?? this.env(ctx, environmentId));
  }

  /** sql/v1 paths name the organization; another one's is treated like an unknown one. */
  private statementsScope(ctx: Ctx): string {
    const { organization_id: org, environment_id: env } = ctx.params;
    return org === ctx.caller.organizationId ? this.env(ctx, env) : this.org(ctx);
  }

  private async createStatement(ctx: Ctx): Promise<Target> {
    const scope = this.statementsScope(ctx);
    const spec = ctx.body.spec as { compute_pool_id?: string; principal?: string };
    let resource = scope;
    if (scope !== this.org(ctx)) {
      const envId = ctx.params.environment_id;
      if (spec.compute_pool_id) resource = (await this.findPool(ctx, spec.compute_pool_id, envId)) ?? scope;
      else resource = await this.defaultPoolScope(ctx, envId);
    }
    return { checks: [{ action: ctx.op, resource }, ...this.assign(ctx, spec.principal)] };
  }

  /** The default pool a statement without a pool lands on, or the region scope that would hold it. */
  private async defaultPoolScope(ctx: Ctx, environmentId: string): Promise<string> {
    if (this.regions.regions.length !== 1) return this.env(ctx, environmentId);
    const region = this.regions.regions[0];
    const pool = await this.pools.findDefault(ctx.caller.organizationId, environmentId, region);
    return pool ? this.pool(ctx, pool) : `${this.env(ctx, environmentId)}/flink-region=${region.id}`;
  }

  /** Statements have no published CRN: they are authorized on their compute pool's. */
  private async statementTarget(ctx: Ctx, action: string = ctx.op): Promise<Target> {
    const scope = this.statementsScope(ctx);
    if (scope === this.org(ctx)) return { checks: [{ action, resource: scope }] };
    // The results route names it `name`, as Confluent's API does.
    const name = ctx.params.statement_name ?? ctx.params.name;
    const row = await this.statements.find(ctx.caller.organizationId, ctx.params.environment_id, name);
    if (!row) return { checks: [{ action, resource: scope }] };
    const current = `${scope}/flink-region=${row.flinkRegion}/compute-pool=${row.computePoolId}`;
    const checks: Check[] = [{ action, resource: current }];
    if (ctx.op === 'getStatement') return { checks, statement: row };
    if (ctx.op === 'updateStatement' || ctx.op === 'patchStatement') {
      // A resume may move the statement to another pool and change its principal.
      const spec = ctx.body.spec as { compute_pool_id?: string; principal?: string } | undefined;
      const wanted =
        ctx.op === 'patchStatement'
          ? patchedReferences(ctx.body as unknown as JsonPatchOperation[])
          : { computePoolId: spec?.compute_pool_id, principal: spec?.principal };
      if (wanted.computePoolId && wanted.computePoolId !== row.computePoolId) {
        const target = await this.findPool(ctx, wanted.computePoolId, row.environmentId);
        checks.push({ action, resource: target ?? scope });
      }
      if (wanted.principal !== row.principal) checks.push(...this.assign(ctx, wanted.principal));
    }
    return { checks };
  }

  /** Naming a principal other than oneself needs the right to assign it (Assigner on an SA). */
  private assign(ctx: Ctx, principal: string | undefined): Check[] {
    if (!principal || principal === ctx.caller.principalId || !principalKind(principal)) return [];
    return [{ action: ASSIGN_PRINCIPAL, resource: this.urls.crn.identity(ctx.caller.organizationId, principal) }];
  }

  /** A principal's identity CRN (API keys and service accounts are authorized on it). */
  private identity(ctx: Ctx, principalId: string): string {
    return principalKind(principalId) ? this.urls.crn.identity(ctx.caller.organizationId, principalId) : this.org(ctx);
  }

  private async apiKeyTarget(ctx: Ctx): Promise<Target> {
    const key = await this.apiKeys.find(ctx.caller.organizationId, ctx.params.id);
    return this.on(ctx, key ? this.identity(ctx, key.ownerId) : this.org(ctx));
  }

  /**
   * Managing bindings is authorized on the scope a pattern names (its `*` dropped): an
   * EnvironmentAdmin manages bindings inside its environment, not above or beside it.
   */
  private patternScope(ctx: Ctx, value: string): string {
    try {
      const pattern = parseCrnPattern(value);
      const segments =
        pattern.prefix && pattern.segments.at(-1)!.id === '' ? pattern.segments.slice(0, -1) : pattern.segments;
      return segments.length > 0 ? formatCrn({ authority: pattern.authority, segments }) : this.org(ctx);
    } catch {
      return this.org(ctx); // the service explains what is wrong with it
    }
  }

  private async roleBindingTarget(ctx: Ctx): Promise<Target> {
    const rb = await this.roleBindings.find(ctx.caller.organizationId, ctx.params.id);
    return this.on(ctx, rb ? this.patternScope(ctx, rb.crnPattern) : this.org(ctx));
  }

  /**
   * Metrics are read across the organization, as far as the caller's metrics bindings reach: a
   * binding inside it (an environment) admits the call and the service shows only what it covers.
   */
  private metricsTarget(ctx: Ctx): Target {
    const action = actionOf(ctx.op);
    return { ...this.on(ctx, this.org(ctx), action), list: { action, container: this.org(ctx) } };
  }

  /** Keeps every resource inside the caller's organization (see the class comment). */
  private confine(caller: Caller, target: Target): Target {
    const org = this.urls.crn.organization(caller.organizationId);
    const inside = (crn: string) => (crn === org || crn.startsWith(`${org}/`) ? crn : org);
    return {
      checks: target.checks.map((c) => ({ ...c, resource: inside(c.resource) })),
      list: target.list && { ...target.list, container: inside(target.list.container) },
      statement: target.statement,
    };
  }
}
