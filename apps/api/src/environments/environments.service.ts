import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { enqueueCommand, Prisma, PrismaService, PURGE_ENVIRONMENT, type Environment, type Tx } from '#db';
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
    private readonly prisma: PrismaService,
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
    const rows = await this.prisma.environment.findMany({
      where: { organizationId: caller.organizationId, ...(only ? { OR: only } : {}), ...seqWhere },
      ...args,
    });
    return finishPage(rows, page, listUrl);
  }

  /** The caller's environment `id`, or 404 (also for other organizations' environments). */
  async get(caller: Caller, id: string): Promise<Environment> {
    const env = await this.prisma.environment.findFirst({ where: { id, organizationId: caller.organizationId } });
    if (!env) throw ApiError.notFound('Environment', id);
    return env;
  }

  create(caller: Caller, body: EnvironmentCreate) {
    return withUniqueId('environment', (id) =>
      this.prisma.environment.create({
        data: {
          id,
          organizationId: caller.organizationId,
          displayName: body.display_name,
          streamGovernancePackage: body.stream_governance_config?.package ?? 'ESSENTIALS',
        },
      }),
    );
  }

  async update(caller: Caller, id: string, body: EnvironmentChanges): Promise<Environment> {
    await this.get(caller, id);
    return this.prisma.environment.update({
      where: { id },
      data: {
        displayName: body.display_name,
        streamGovernancePackage: body.stream_governance_config?.package,
      },
    });
  }

  async delete(caller: Caller, id: string): Promise<void> {
    await this.get(caller, id);
    try {
      await this.prisma.$transaction(async (tx) => {
        const [pools, statements] = await Promise.all([
          tx.computePool.count({ where: { environmentId: id } }),
          tx.statement.count({ where: { environmentId: id } }),
        ]);
        if (pools > 0 || statements > 0) {
          throw ApiError.conflict(
            `Environment ${id} still holds ${pools} compute pool(s) and ${statements} statement(s); delete them first.`,
            'resource_not_empty',
          );
        }
        await this.removeData(tx, caller.organizationId, id);
        await tx.environment.delete({ where: { id } });
      });
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
  }

  /**
   * What the environment leaves behind goes with it: its catalog tables, role bindings and Flink
   * region API keys here, in the deletion's transaction; their topics (and broker access) through one PurgeEnvironment command per region,
   * since each region's scheduler deletes them from its own Kafka.
   */
  private async removeData(tx: Tx, organizationId: string, id: string): Promise<void> {
    await tx.catalogTable.deleteMany({ where: { environmentId: id } });
    // Grants inside it and Flink region keys for it would reach nothing (and a later environment
    // must not inherit them): they go too. Neither can be an organization's last admin access.
    const crn = this.urls.crn.environment(organizationId, id);
    await tx.roleBinding.deleteMany({
      where: { organizationId, OR: [{ crnPattern: crn }, { crnPattern: { startsWith: `${crn}/` } }] },
    });
    await tx.apiKey.deleteMany({ where: { organizationId, resourceEnvironmentId: id } });
    for (const region of this.config.regions) {
      await enqueueCommand(tx, {
        organizationId,
        command: PURGE_ENVIRONMENT,
        subjectId: id,
        payload: { flinkRegion: flinkRegionId(region.cloud, region.region), kafkaClusterId: kafkaClusterIdOf(id) },
      });
    }
  }
}
