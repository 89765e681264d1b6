import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PURGE_ENVIRONMENT } from '#contracts';
import { EnvironmentsRepository, isUniqueViolationOn, Prisma, type Environment } from '#db';
import { flinkRegionId, kafkaClusterIdOf, type Visibility } from '#domain';
import { visibilityFilters } from '../auth/visibility';
import { Urls } from '../common/urls';
import { ApiError } from '../common/api-error';
import type { Caller } from '../auth/caller';
import { finishPage, pageArgs, pageRequest, type ListQuery } from '../common/pagination';
import type { BodyOf } from '../openapi/operation.decorator';
import { withUniqueId } from '../common/unique-id';

export type EnvironmentCreate = BodyOf<'createEnvironment'>;
export type EnvironmentChanges = BodyOf<'updateEnvironment'>;

@Injectable()
export class EnvironmentsService {
  constructor(
    private readonly environments: EnvironmentsRepository,
    private readonly urls: Urls,
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
  ) {}

  /** The environments the caller holds a role in (all of them for organization-wide roles). */
  async list(caller: Caller, query: ListQuery, listUrl: string, visible: Visibility) {
    const page = pageRequest(query, `environments:${caller.organizationId}`);
    const { seqWhere, ...args } = pageArgs(page);
    const container = this.urls.crn.organization(caller.organizationId);
    const only = visibilityFilters<Prisma.EnvironmentWhereInput>(
      visible,
      container,
      { environment: (id, prefix) => ({ id: prefix ? { startsWith: id } : id }) },
      'environment',
    );
    const rows = await this.environments.list(caller.organizationId, {
      where: { ...(only ? { OR: only } : {}), ...seqWhere },
      ...args,
    });
    return finishPage(rows, page, listUrl);
  }

  /** The caller's environment `id`, or 404 (also for other organizations' environments). */
  async get(caller: Caller, id: string): Promise<Environment> {
    const env = await this.environments.find(caller.organizationId, id);
    if (!env) throw ApiError.notFound('Environment', id);
    return env;
  }

  /** The environment a request names (in `source`: its query parameter or body pointer), or 404 saying where. */
  async named(caller: Caller, id: string, source: { parameter?: string; pointer?: string }): Promise<Environment> {
    const env = await this.environments.find(caller.organizationId, id);
    if (!env) throw new ApiError(404, [{ code: 'not_found', detail: `Environment "${id}" was not found`, source }]);
    return env;
  }

  create(caller: Caller, body: EnvironmentCreate) {
    return this.uniqueName(body.display_name, () =>
      withUniqueId('environment', (id) =>
        this.environments.create(caller.organizationId, id, {
          displayName: body.display_name,
          streamGovernancePackage: body.stream_governance_config?.package ?? 'ESSENTIALS',
        }),
      ),
    );
  }

  async update(caller: Caller, id: string, body: EnvironmentChanges): Promise<Environment> {
    const env = await this.uniqueName(body.display_name, () =>
      this.environments.update(caller.organizationId, id, {
        displayName: body.display_name,
        streamGovernancePackage: body.stream_governance_config?.package,
      }),
    );
    if (!env) throw ApiError.notFound('Environment', id);
    return env;
  }

  /**
   * SQL names an environment's catalog by its display name, so the organization's environments
   * have distinct ones; the unique index decides between concurrent writers.
   */
  private async uniqueName<T>(displayName: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (!isUniqueViolationOn(e, 'display_name')) throw e;
      throw ApiError.conflict(
        `Another environment of the organization is named "${displayName}"; SQL addresses an environment's catalog by its display name, so choose another.`,
        'resource_already_exists',
        { pointer: '/display_name' },
      );
    }
  }

  /**
   * Deletes an empty environment with what it leaves behind: its catalog tables, the role
   * bindings inside it and its Flink region API keys at once; its tables' topics (and broker
   * access) through one PurgeEnvironment command per region, since each region's scheduler
   * deletes them from its own Kafka.
   */
  async delete(caller: Caller, id: string): Promise<void> {
    await this.get(caller, id);
    const purges = this.config.regions.map((region) => ({
      command: PURGE_ENVIRONMENT,
      payload: {
        version: 1 as const,
        flinkRegion: flinkRegionId(region.cloud, region.region),
        kafkaClusterId: kafkaClusterIdOf(id),
      },
    }));
    let outcome;
    try {
      outcome = await this.environments.deleteIfEmpty(
        caller.organizationId,
        id,
        this.urls.crn.environment(caller.organizationId, id),
        purges,
      );
    } catch (e) {
      // A pool or statement created concurrently trips the foreign key instead.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2003') {
        throw ApiError.conflict(
          `Environment ${id} is not empty; delete its compute pools and statements first.`,
          'resource_not_empty',
        );
      }
      throw e;
    }
    if (outcome === 'missing') throw ApiError.notFound('Environment', id);
    if (outcome !== 'deleted') {
      throw ApiError.conflict(
        `Environment ${id} still holds ${outcome.pools} compute pool(s) and ${outcome.statements} statement(s); delete them first.`,
        'resource_not_empty',
      );
    }
  }
}
