import { Injectable } from '@nestjs/common';
import { PrismaService, type ServiceAccount } from '#db';
import { newId, principalOf } from '#domain';
import type { Caller } from '../../auth/caller';
import { ApiError } from '../../common/api-error';
import { finishPage, pageArgs, pageRequest } from '../../common/pagination';
import { withUniqueId } from '../../common/unique-id';
import { Urls } from '../../common/urls';
import { withoutLockout } from '../organization-lockout';
import { assertPrincipal } from '../principals';
import type { BodyOf, QueryOf } from '../../openapi/operation.decorator';

export type ServiceAccountListQuery = QueryOf<'listServiceAccounts'>;
export type ServiceAccountChanges = BodyOf<'updateServiceAccount'>;

@Injectable()
export class ServiceAccountsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly urls: Urls,
  ) {}

  async list(caller: Caller, query: ServiceAccountListQuery) {
    const names = query.display_name === undefined ? undefined : [query.display_name].flat();
    const page = pageRequest(query, `service-accounts:${caller.organizationId}:${JSON.stringify(names ?? null)}`);
    const { seqWhere, ...args } = pageArgs(page);
    const rows = await this.prisma.serviceAccount.findMany({
      where: { organizationId: caller.organizationId, ...(names ? { displayName: { in: names } } : {}), ...seqWhere },
      ...args,
    });
    return finishPage(rows, page, this.urls.iam('service-accounts'), { display_name: names });
  }

  async get(caller: Caller, id: string): Promise<ServiceAccount> {
    const sa = await this.prisma.serviceAccount.findFirst({ where: { id, organizationId: caller.organizationId } });
    if (!sa) throw ApiError.notFound('Service account', id);
    return sa;
  }

  /** Creates the account; `owner` (a principal id) becomes its ResourceOwner in the same transaction. */
  async create(caller: Caller, body: ServiceAccountChanges & { display_name: string }, owner?: string) {
    if (owner)
      await assertPrincipal(this.prisma, caller.organizationId, owner, { parameter: 'assigned_resource_owner' });
    return withUniqueId('serviceAccount', (id) =>
      this.prisma.$transaction(async (tx) => {
        const sa = await tx.serviceAccount.create({
          data: {
            id,
            organizationId: caller.organizationId,
            displayName: body.display_name,
            description: body.description ?? '',
          },
        });
        if (owner) {
          await tx.roleBinding.create({
            data: {
              id: newId('roleBinding'),
              organizationId: caller.organizationId,
              principal: principalOf(owner),
              roleName: 'ResourceOwner',
              crnPattern: this.urls.crn.serviceAccount(caller.organizationId, id),
            },
          });
        }
        return sa;
      }),
    );
  }

  async update(caller: Caller, id: string, body: ServiceAccountChanges): Promise<ServiceAccount> {
    await this.get(caller, id);
    return this.prisma.serviceAccount.update({
      where: { id },
      data: { displayName: body.display_name, description: body.description },
    });
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
    await withoutLockout(this.prisma, organization, `service account ${id}`, async (tx) => {
      await tx.apiKey.deleteMany({ where: { organizationId, ownerId: id } });
      await tx.roleBinding.deleteMany({
        where: {
          organizationId,
          OR: [{ principal: principalOf(id) }, { crnPattern: crn }, { crnPattern: { startsWith: `${crn}/` } }],
        },
      });
      await tx.serviceAccount.deleteMany({ where: { id, organizationId } });
    });
  }
}
