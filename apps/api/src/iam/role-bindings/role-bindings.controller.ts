import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { CurrentCaller, type Caller } from '../../auth/caller';
import { Urls } from '../../common/urls';
import { Valid } from '../../common/valid.decorator';
import type { Schemas } from '../../common/views';
import { Operation } from '../../openapi/operation.decorator';
import { roleBindingView } from './role-binding.view';
import { RoleBindingsService, type RoleBindingCreate, type RoleBindingListQuery } from './role-bindings.service';

type Id = { id: string };

@Controller('iam/v2/role-bindings')
export class RoleBindingsController {
  constructor(
    private readonly bindings: RoleBindingsService,
    private readonly urls: Urls,
  ) {}

  @Get()
  @Operation('listRoleBindings')
  async list(
    @CurrentCaller() caller: Caller,
    @Valid('query') query: RoleBindingListQuery,
  ): Promise<Schemas['RoleBindingList']> {
    const { rows, metadata } = await this.bindings.list(caller, query);
    const data = rows.map((rb) => roleBindingView(rb, this.urls));
    return { api_version: 'iam/v2', kind: 'RoleBindingList', metadata, data };
  }

  @Post()
  @HttpCode(201)
  @Operation('createRoleBinding')
  async create(@CurrentCaller() caller: Caller, @Valid('body') body: RoleBindingCreate) {
    return roleBindingView(await this.bindings.create(caller, body), this.urls);
  }

  @Get(':id')
  @Operation('getRoleBinding')
  async get(@CurrentCaller() caller: Caller, @Valid('params') params: Id) {
    return roleBindingView(await this.bindings.get(caller, params.id), this.urls);
  }

  @Delete(':id')
  @HttpCode(200)
  @Operation('deleteRoleBinding')
  async delete(@CurrentCaller() caller: Caller, @Valid('params') params: Id) {
    return roleBindingView(await this.bindings.delete(caller, params.id), this.urls);
  }
}
