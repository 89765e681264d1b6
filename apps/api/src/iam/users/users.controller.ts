import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { isUniqueViolation, UsersRepository } from '#db';
import { CurrentCaller, type Caller } from '../../auth/caller';
import { ApiError } from '../../common/api-error';
import { finishPage, pageArgs, pageRequest, type ListQuery } from '../../common/pagination';
import { withUniqueId } from '../../common/unique-id';
import { Urls } from '../../common/urls';
import { Valid } from '../../common/valid.decorator';
import type { Schemas } from '../../common/views';
import { Operation } from '../../openapi/operation.decorator';
import { userView } from './user.view';

/** Users of the caller's organization. Creating one is a cflink extension (no SSO here). */
@Controller('iam/v2/users')
export class UsersController {
  constructor(
    private readonly users: UsersRepository,
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
}
