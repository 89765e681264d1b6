import { Injectable } from '@nestjs/common';
import { ServiceAccountsRepository, type ServiceAccount } from '#db';
import { newId, principalOf } from '#domain';
import type { Caller } from '../../auth/caller';
import { ApiError } from '../../common/api-error';
import { finishPage, pageArgs, pageRequest } from '../../common/pagination';
import { withUniqueId } from '../../common/unique-id';
import { Urls } from '../../common/urls';
import { OrganizationLockout } from '../organization-lockout';
import { Principals } from '../principals';
import type { BodyOf, QueryOf } from '../../openapi/operation.decorator';

export type ServiceAccountListQuery = QueryOf<'listServiceAccounts'>;
export type ServiceAccountChanges = BodyOf<'updateServiceAccount'>;

@Injectable()
export class ServiceAccountsService {
  constructor(
    private readonly accounts: ServiceAccountsRepository,
    private readonly principals: Principals,
    private readonly lockout: OrganizationLockout,
    private readonly urls: Urls,
  ) {}

  async list(caller: Caller, query: ServiceAccountListQuery) {
    const names = query.display_name === undefined ? undefined : [query.display_name].flat();
    const page = pageRequest(query, `service-accounts:${caller.organizationId}:${JSON.stringify(names ?? null)}`);
    const { seqWhere, ...args } = pageArgs(page);
    const rows = await this.accounts.list(caller.organizationId, {
      where: { ...(names ? { displayName: { in: names } } : {}), ...seqWhere },
      ...args,
    });
    return finishPage(rows, page, this.urls.iam('service-accounts'), { display_name: names });
  }

  async get(caller: Caller, id: string): Promise<ServiceAccount> {
    const sa = await this.accounts.find(caller.organizationId, id);
    if (!sa) throw ApiError.notFound('Service account', id);
    return sa;
  }

  /** Creates the account; `owner` (a principal id) becomes its ResourceOwner in the same transaction. */
  async create(caller: Caller, body: ServiceAccountChanges & { display_name: string }, owner?: string) {
    if (owner) await this.principals.assert(caller.organizationId, owner, { parameter: 'assigned_resource_owner' });
    return withUniqueId('serviceAccount', (id) =>
      this.accounts.create(
        caller.organizationId,
        id,
        { displayName: body.display_name, description: body.description ?? '' },
        owner
          ? {
              id: newId('roleBinding'),
              principal: principalOf(owner),
              roleName: 'ResourceOwner',
              crnPattern: this.urls.crn.serviceAccount(caller.organizationId, id),
            }
          : undefined,
      ),
    );
  }

  async update(caller: Caller, id: string, body: ServiceAccountChanges): Promise<ServiceAccount> {
    const sa = await this.accounts.update(caller.organizationId, id, {
      displayName: body.display_name,
      description: body.description,
    });
    if (!sa) throw ApiError.notFound('Service account', id);
    return sa;
  }

  /**
   * Deletes the account, its API keys (they stop working at once) and every binding of or on it;
   * not when it is the last OrganizationAdmin with a Cloud API key (409).
   */
  async delete(caller: Caller, id: string): Promise<void> {
    await this.get(caller, id);
    const organizationId = caller.organizationId;
    const crn = this.urls.crn.serviceAccount(organizationId, id);
    const organization = { id: organizationId, crn: this.urls.crn.organization(organizationId) };
    await this.lockout.withoutLockout(organization, `service account ${id}`, (tx) =>
      this.accounts.delete(tx, organizationId, id, principalOf(id), crn),
    );
  }
}
