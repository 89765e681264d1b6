import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { ComputePoolsRepository, Prisma, type ComputePool, type Tx } from '#db';
import { CFU_CONSUMING_PHASES, maxCfuChangeProblem, newId, type Visibility } from '#domain';
import { visibilityFilters } from '../auth/visibility';
import { Urls } from '../common/urls';
import type { Caller } from '../auth/caller';
import { ApiError } from '../common/api-error';
import { finishPage, pageArgs, pageRequest } from '../common/pagination';
import type { BodyOf, QueryOf } from '../openapi/operation.decorator';
import { EnvironmentsService } from '../environments/environments.service';
import { RegionCatalog, type Region } from '../regions/region-catalog';
import { StatementCommands } from '../statements/statement-commands';

/** Compute pools per environment (Confluent's flink.max_compute_pools.per_env). */
export const MAX_POOLS_PER_ENVIRONMENT = 50;

export type PoolListQuery = QueryOf<'listComputePools'>;
export type PoolCreate = BodyOf<'createComputePool'>['spec'];
export type PoolUpdate = BodyOf<'updateComputePool'>['spec'];

@Injectable()
export class ComputePoolsService {
  constructor(
    private readonly pools: ComputePoolsRepository,
    private readonly environments: EnvironmentsService,
    private readonly regions: RegionCatalog,
    private readonly statements: StatementCommands,
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly urls: Urls,
  ) {}

  /** The environment's pools, or only those the caller's pool-scoped roles cover. */
  async list(caller: Caller, query: PoolListQuery, listUrl: string, visible: Visibility) {
    await this.environments.named(caller, query.environment, { parameter: 'environment' });
    const filters = {
      environment: query.environment,
      'spec.region': query['spec.region'],
      'spec.network': query['spec.network'],
    };
    const page = pageRequest(query, `pools:${caller.organizationId}:${JSON.stringify(filters)}`);
    const { seqWhere, ...args } = pageArgs(page);
    const only = visibilityFilters<Prisma.ComputePoolWhereInput>(
      visible,
      this.urls.crn.environment(caller.organizationId, query.environment),
      {
        'flink-region': (id, prefix) => (prefix ? undefined : this.regionFilter(id)),
        'compute-pool': (id, prefix) => ({ id: prefix ? { startsWith: id } : id }),
      },
      'compute-pool',
    );
    // Pools on private networks are not supported, so a network filter matches none.
    const rows = query['spec.network']
      ? []
      : await this.pools.list(caller.organizationId, query.environment, {
          where: {
            ...(query['spec.region'] ? { region: query['spec.region'] } : {}),
            ...(only ? { OR: only } : {}),
            ...seqWhere,
          },
          ...args,
        });
    return finishPage(rows, page, listUrl, filters);
  }

  /** The pool `id` of the caller's environment `environmentId`, or 404. */
  async get(caller: Caller, id: string, environmentId: string): Promise<ComputePool> {
    const pool = await this.pools.find(caller.organizationId, environmentId, id);
    if (!pool) throw ApiError.notFound('Compute pool', id);
    return pool;
  }

  async create(caller: Caller, spec: PoolCreate): Promise<ComputePool> {
    await this.environments.named(caller, spec.environment.id, { pointer: '/spec/environment/id' });
    if (spec.network) {
      throw ApiError.unprocessable('Compute pools on private networks are not supported; omit spec.network.', {
        pointer: '/spec/network',
      });
    }
    if (spec.enable_ai) {
      throw ApiError.unprocessable('AI compute is not supported; omit spec.enable_ai or set it to false.', {
        pointer: '/spec/enable_ai',
      });
    }
    const region = this.region(spec.cloud, spec.region);
    return this.pools.transaction(async (tx) => {
      // Serialize pool creation per environment so the quota and default-pool checks hold.
      await this.pools.lockEnvironment(tx, caller.organizationId, spec.environment.id);
      const count = await this.pools.count(tx, caller.organizationId, spec.environment.id);
      if (count >= MAX_POOLS_PER_ENVIRONMENT) {
        throw new ApiError(402, [
          {
            code: 'quota_exceeded',
            detail: `Environment ${spec.environment.id} already has ${count} compute pools, the most allowed.`,
          },
        ]);
      }
      if (spec.default_pool) await this.assertNoOtherDefault(tx, caller.organizationId, spec.environment.id, region);
      return this.insert(tx, caller.organizationId, spec.environment.id, region, {
        displayName: spec.display_name,
        maxCfu: spec.max_cfu,
        defaultPool: spec.default_pool ?? false,
      });
    });
  }

  /**
   * The environment's default pool in `region`, created on first use like Confluent Cloud's
   * default pools. Runs in the caller's transaction.
   */
  async defaultPool(tx: Tx, organizationId: string, environmentId: string, region: Region): Promise<ComputePool> {
    await this.pools.lockEnvironment(tx, organizationId, environmentId);
    const existing = await this.pools.findDefault(organizationId, environmentId, region, tx);
    if (existing) return existing;
    return this.insert(tx, organizationId, environmentId, region, {
      displayName: 'default',
      maxCfu: this.config.defaultPoolMaxCfu,
      defaultPool: true,
    });
  }

  async update(caller: Caller, id: string, spec: PoolUpdate): Promise<ComputePool> {
    await this.environments.named(caller, spec.environment.id, { pointer: '/spec/environment/id' });
    return this.pools.transaction(async (tx) => {
      await this.pools.lock(tx, caller.organizationId, id);
      const pool = await this.get(caller, id, spec.environment.id);
      if (spec.max_cfu !== undefined) {
        const problem = maxCfuChangeProblem(pool.maxCfu, spec.max_cfu);
        if (problem) throw ApiError.unprocessable(problem, { pointer: '/spec/max_cfu' });
      }
      if (spec.default_pool && !pool.defaultPool) {
        const region = this.region(pool.cloud, pool.region);
        await this.assertNoOtherDefault(tx, caller.organizationId, pool.environmentId, region, pool.id);
      }
      const updated = await this.pools.update(tx, caller.organizationId, id, {
        displayName: spec.display_name,
        maxCfu: spec.max_cfu,
        defaultPool: spec.default_pool,
      });
      if (!updated) throw ApiError.notFound('Compute pool', id);
      return updated;
    });
  }

  /** Deletes the pool; its statements are stopped, not deleted (they can resume on another pool). */
  async delete(caller: Caller, id: string, environmentId: string): Promise<void> {
    await this.environments.named(caller, environmentId, { parameter: 'environment' });
    await this.pools.transaction(async (tx) => {
      await this.pools.lock(tx, caller.organizationId, id);
      await this.get(caller, id, environmentId);
      await this.statements.stopAllOnPool(tx, caller.organizationId, id);
      if (!(await this.pools.delete(tx, caller.organizationId, id))) throw ApiError.notFound('Compute pool', id);
    });
  }

  /** CFUs in use per pool (all read for one caller, so of one organization): its running statements' CFUs. */
  async currentCfu(pools: ComputePool[]): Promise<Map<string, number>> {
    if (pools.length === 0) return new Map();
    const ids = pools.map((p) => p.id);
    return this.pools.currentCfu(pools[0].organizationId, ids, CFU_CONSUMING_PHASES);
  }

  /** Pools of a Flink region id (`aws.us-east-1`). */
  private regionFilter(flinkRegion: string): Prisma.ComputePoolWhereInput {
    const dot = flinkRegion.indexOf('.');
    return { cloud: flinkRegion.slice(0, dot).toUpperCase(), region: flinkRegion.slice(dot + 1) };
  }

  region(cloud: string, name: string): Region {
    const region = this.regions.find(cloud, name);
    if (!region) {
      throw ApiError.unprocessable(
        `Region ${cloud} ${name} is not served by this deployment; use one of: ${this.regions.describe()}.`,
        { pointer: '/spec/region' },
      );
    }
    return region;
  }

  private insert(
    tx: Tx,
    organizationId: string,
    environmentId: string,
    region: Region,
    fields: { displayName: string; maxCfu: number; defaultPool: boolean },
  ): Promise<ComputePool> {
    // Inside a transaction a collision cannot be retried; with 36^7 ids it is vanishingly rare.
    return this.pools.create(tx, organizationId, environmentId, newId('computePool'), region, fields);
  }

  private async assertNoOtherDefault(
    tx: Tx,
    organizationId: string,
    environmentId: string,
    region: Region,
    except?: string,
  ) {
    const other = await this.pools.findDefault(organizationId, environmentId, region, tx, except);
    if (other) {
      throw ApiError.conflict(
        `Compute pool ${other.id} is already the default pool of environment ${environmentId} in ${region.id}.`,
        'resource_already_exists',
        { pointer: '/spec/default_pool' },
      );
    }
  }
}
