import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { ApiKeysRepository, isUniqueViolation, Prisma, type ApiKey } from '#db';
import { derivedKafkaPassword, kafkaClusterIdOf, newApiKeyId, newApiKeySecret, type Visibility } from '#domain';
import type { Caller } from '../../auth/caller';
import { hashSecret } from '../../auth/api-key-secrets';
import { visibilityFilters } from '../../auth/visibility';
import { ApiError } from '../../common/api-error';
import { finishPage, pageArgs, pageRequest } from '../../common/pagination';
import { Urls } from '../../common/urls';
import { EnvironmentsService } from '../../environments/environments.service';
import { RegionCatalog } from '../../regions/region-catalog';
import { OrganizationLockout } from '../organization-lockout';
import { Principals } from '../principals';
import type { BodyOf, QueryOf } from '../../openapi/operation.decorator';

export type ApiKeyListQuery = QueryOf<'listApiKeys'>;
export type ApiKeyCreate = BodyOf<'createApiKey'>['spec'];

export type ApiKeyChanges = Pick<ApiKeyCreate, 'display_name' | 'description'>;

@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly keys: ApiKeysRepository,
    private readonly principals: Principals,
    private readonly lockout: OrganizationLockout,
    private readonly urls: Urls,
    private readonly environments: EnvironmentsService,
    private readonly regions: RegionCatalog,
  ) {}

  /** Keys of `spec.owner`; without it the caller's own and those its roles cover (all for admins). */
  async list(caller: Caller, query: ApiKeyListQuery, visible: Visibility) {
    const filters = { 'spec.owner': query['spec.owner'], 'spec.resource': query['spec.resource'] };
    const page = pageRequest(query, `api-keys:${caller.organizationId}:${JSON.stringify(filters)}`);
    const { seqWhere, ...args } = pageArgs(page);
    const owner = (id: string) => ({ ownerId: id });
    const only = query['spec.owner']
      ? null
      : visibilityFilters<Prisma.ApiKeyWhereInput>(
          visible,
          this.urls.crn.organization(caller.organizationId),
          { user: owner, 'service-account': owner },
          'service-account',
        );
    const rows = await this.keys.list(caller.organizationId, {
      where: {
        ...(query['spec.owner'] ? { ownerId: query['spec.owner'] } : {}),
        ...(query['spec.resource'] ? { resourceId: query['spec.resource'] } : {}),
        ...(only ? { OR: [...only, { ownerId: caller.principalId }] } : {}),
        ...seqWhere,
      },
      ...args,
    });
    return finishPage(rows, page, this.urls.iam('api-keys'), filters);
  }

  async get(caller: Caller, id: string): Promise<ApiKey> {
    const key = await this.keys.find(caller.organizationId, id);
    if (!key) throw ApiError.notFound('API key', id);
    return key;
  }

  /**
   * A Cloud key (`resource.id` "cloud", the default), a Flink region key for one environment, or a
   * Kafka cluster key (`resource.id` = the environment's `lkc-…`). A cluster key authenticates only
   * against the broker, as a SCRAM user named by the key id with the owner's topic rights in that
   * cluster; its secret is that user's password, derived from CFLINK_KAFKA_CREDENTIAL_KEY so that the
   * scheduler can set it without anyone storing it (the API keeps only its hash, like any key's).
   */
  async create(caller: Caller, spec: ApiKeyCreate): Promise<{ key: ApiKey; secret: string }> {
    await this.principals.assert(caller.organizationId, spec.owner.id, { pointer: '/spec/owner/id' });
    const resource = await this.resource(caller, spec.resource);
    for (let attempt = 0; ; attempt++) {
      const id = newApiKeyId();
      const secret = resource.id.startsWith('lkc-')
        ? derivedKafkaPassword(this.config.engine.kafkaCredentialKey, 'api-key', id)
        : newApiKeySecret();
      try {
        const key = await this.keys.create(caller.organizationId, {
          id,
          ownerId: spec.owner.id,
          secretHash: hashSecret(secret),
          displayName: spec.display_name ?? '',
          description: spec.description ?? '',
          resourceId: resource.id,
          resourceEnvironmentId: resource.environmentId,
        });
        return { key, secret };
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= 4) throw e;
      }
    }
  }

  async update(caller: Caller, id: string, spec: ApiKeyChanges): Promise<ApiKey> {
    const key = await this.keys.update(caller.organizationId, id, {
      displayName: spec.display_name,
      description: spec.description,
    });
    if (!key) throw ApiError.notFound('API key', id);
    return key;
  }

  /**
   * Authentication reads the key on every request, so a deleted key fails the next one. The last
   * Cloud key of the last OrganizationAdmin cannot be deleted (409).
   */
  async delete(caller: Caller, id: string): Promise<void> {
    await this.get(caller, id);
    await this.lockout.withoutLockout(this.organization(caller), `API key ${id}`, (tx) =>
      this.keys.delete(tx, caller.organizationId, id),
    );
  }

  private organization(caller: Caller) {
    return { id: caller.organizationId, crn: this.urls.crn.organization(caller.organizationId) };
  }

  private async resource(caller: Caller, resource: ApiKeyCreate['resource']) {
    if (!resource || resource.id === 'cloud') return { id: 'cloud', environmentId: null };
    const pointer = '/spec/resource';
    if (resource.id.startsWith('lkc-')) return this.clusterResource(caller, resource);
    if (!this.regions.regions.some((r) => r.id === resource.id)) {
      throw ApiError.unprocessable(
        `spec.resource.id must be "cloud" or a Flink region this deployment serves (${this.regions.regions.map((r) => r.id).join(', ')}).`,
        { pointer: `${pointer}/id` },
      );
    }
    if (!resource.environment) {
      throw ApiError.unprocessable('A Flink region key needs spec.resource.environment.', {
        pointer: `${pointer}/environment`,
      });
    }
    try {
      await this.environments.get(caller, resource.environment);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        throw ApiError.unprocessable(`Environment "${resource.environment}" does not exist.`, {
          pointer: `${pointer}/environment`,
        });
      }
      throw e;
    }
    return { id: resource.id, environmentId: resource.environment };
  }

  /** A Kafka cluster: each environment has one, `lkc-<environment id suffix>`. */
  private async clusterResource(caller: Caller, resource: NonNullable<ApiKeyCreate['resource']>) {
    const envId = `env-${resource.id.slice('lkc-'.length)}`;
    const env = await this.environments.get(caller, envId).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    });
    if (!env || kafkaClusterIdOf(env.id) !== resource.id) {
      throw ApiError.unprocessable(`Kafka cluster "${resource.id}" does not exist.`, { pointer: '/spec/resource/id' });
    }
    if (resource.environment !== undefined && resource.environment !== env.id) {
      throw ApiError.unprocessable(`Kafka cluster "${resource.id}" is in environment "${env.id}".`, {
        pointer: '/spec/resource/environment',
      });
    }
    return { id: resource.id, environmentId: env.id };
  }
}
