import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { isUniqueViolation, UsersRepository } from '#db';
import { principalOf } from '#domain';
import { CurrentCaller, type Caller } from '../../auth/caller';
import { ApiError } from '../../common/api-error';
import { finishPage, pageArgs, pageRequest, type ListQuery } from '../../common/pagination';
import { withUniqueId } from '../../common/unique-id';
import { Urls } from '../../common/urls';
import { Valid } from '../../common/valid.decorator';
import type { Schemas } from '../../common/views';
import { Operation, type BodyOf } from '../../openapi/operation.decorator';
import { OrganizationLockout } from '../organization-lockout';
import { userView } from './user.view';

/** Users of the caller's organization. Creating one is a cflink extension (no SSO here). */
@Controller('iam/v2/users')
export class UsersController {
  constructor(
    private readonly users: UsersRepository,
    private readonly lockout: OrganizationLockout,
    private readonly urls: Urls,
  ) {}

  @Get()
  @Operation('listUsers')
  async list(@CurrentCaller() caller: Caller, @Valid('query') query: ListQuery): Promise<Schemas['UserList']> {
    const page = pageRequest(query, `users:${caller.organizationId}`);
    const { seqWhere, ...args } = pageArgs(page);
    const rows = await this.users.list(caller.organizationId, { where: seqWhere, ...args });
    const { rows: users, metadata } = finishPage(rows, page, this.urls.iam('users'));
    return { api_version: 'iam/v2', kind: 'UserList', metadata, data: users.map((u) => userView(u, this.urls)) };
  }

  @Post()
  @HttpCode(201)
  @Operation('createUser')
  async create(@CurrentCaller() caller: Caller, @Valid('body') body: { email: string; full_name: string }) {
    try {
      const user = await withUniqueId('user', (id) =>
        this.users.create(caller.organizationId, id, { email: body.email, fullName: body.full_name }),
      );
      return userView(user, this.urls);
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw ApiError.conflict(`A user with e-mail ${body.email} already exists.`, 'resource_already_exists', {
          pointer: '/email',
        });
      }
      throw e;
    }
  }

  @Get(':id')
  @Operation('getUser')
  async get(@CurrentCaller() caller: Caller, @Valid('params') params: { id: string }): Promise<Schemas['User']> {
    const user = await this.users.find(caller.organizationId, params.id);
    if (!user) throw ApiError.notFound('User', params.id);
    return userView(user, this.urls);
  }

  /** Only the full name changes; the e-mail may be sent back as read. */
  @Patch(':id')
  @Operation('updateUser')
  async update(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: { id: string },
    @Valid('body') body: BodyOf<'updateUser'>,
  ): Promise<Schemas['User']> {
    const current = await this.get(caller, params);
    if (body.email !== undefined && body.email !== current.email) {
      throw ApiError.unprocessable(`email is immutable; it is ${current.email}.`, { pointer: '/email' });
    }
    if (body.full_name === undefined) return current;
    const user = await this.users.update(caller.organizationId, params.id, { fullName: body.full_name });
    if (!user) throw ApiError.notFound('User', params.id);
    return userView(user, this.urls);
  }

  /**
   * Deletes the user with its API keys and every binding of or on it, as deleting a service
   * account does; not when it is the last OrganizationAdmin with a Cloud API key (409).
   */
  @Delete(':id')
  @HttpCode(204)
  @Operation('deleteUser')
  async delete(@CurrentCaller() caller: Caller, @Valid('params') params: { id: string }): Promise<void> {
    const organizationId = caller.organizationId;
    const organization = { id: organizationId, crn: this.urls.crn.organization(organizationId) };
    const crn = this.urls.crn.user(organizationId, params.id);
    const deleted = await this.lockout.withoutLockout(organization, `user ${params.id}`, (tx) =>
      this.users.delete(tx, organizationId, params.id, principalOf(params.id), crn),
    );
    if (!deleted) throw ApiError.notFound('User', params.id);
  }
}
