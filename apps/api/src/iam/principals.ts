import { Injectable } from '@nestjs/common';
import { ServiceAccountsRepository, UsersRepository, type Tx } from '#db';
import { principalKind } from '#domain';
import { ApiError } from '../common/api-error';

/** Principals (users and service accounts) of an organization. */
@Injectable()
export class Principals {
  constructor(
    private readonly users: UsersRepository,
    private readonly serviceAccounts: ServiceAccountsRepository,
  ) {}

  /** Whether `id` is a user (`u-…`) or service account (`sa-…`) of the organization. */
  exists(organizationId: string, id: string, db?: Tx): Promise<boolean> {
    const kind = principalKind(id);
    if (kind === 'user') return this.users.exists(organizationId, id, db);
    if (kind === 'serviceAccount') return this.serviceAccounts.exists(organizationId, id, db);
    return Promise.resolve(false);
  }

  /** 422 naming `pointer` unless `id` is a principal of the organization. */
  async assert(
    organizationId: string,
    id: string,
    pointer: { pointer?: string; parameter?: string },
    db?: Tx,
  ): Promise<void> {
    if (!(await this.exists(organizationId, id, db))) {
      throw ApiError.unprocessable(
        `"${id}" is not a user (u-…) or service account (sa-…) of this organization.`,
        pointer,
      );
    }
  }
}
