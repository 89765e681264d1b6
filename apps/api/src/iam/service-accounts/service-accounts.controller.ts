import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { CurrentCaller, type Caller } from '../../auth/caller';
import { Urls } from '../../common/urls';
import { Valid } from '../../common/valid.decorator';
import type { Schemas } from '../../common/views';
import { Operation } from '../../openapi/operation.decorator';
import { serviceAccountView } from './service-account.view';
import {
  ServiceAccountsService,
  type ServiceAccountChanges,
  type ServiceAccountListQuery,
} from './service-accounts.service';

type Id = { id: string };

@Controller('iam/v2/service-accounts')
export class ServiceAccountsController {
  constructor(
    private readonly accounts: ServiceAccountsService,
    private readonly urls: Urls,
  ) {}

  @Get()
  @Operation('listServiceAccounts')
  async list(
    @CurrentCaller() caller: Caller,
    @Valid('query') query: ServiceAccountListQuery,
  ): Promise<Schemas['ServiceAccountList']> {
    const { rows, metadata } = await this.accounts.list(caller, query);
    const data = rows.map((sa) => serviceAccountView(sa, this.urls));
    return { api_version: 'iam/v2', kind: 'ServiceAccountList', metadata, data };
  }

  @Post()
  @HttpCode(201)
  @Operation('createServiceAccount')
  async create(
    @CurrentCaller() caller: Caller,
    @Valid('query') query: { assigned_resource_owner?: string },
    @Valid('body') body: ServiceAccountChanges & { display_name: string },
  ) {
    return serviceAccountView(await this.accounts.create(caller, body, query.assigned_resource_owner), this.urls);
  }

  @Get(':id')
  @Operation('getServiceAccount')
  async get(@CurrentCaller() caller: Caller, @Valid('params') params: Id) {
    return serviceAccountView(await this.accounts.get(caller, params.id), this.urls);
  }

  @Patch(':id')
  @Operation('updateServiceAccount')
  async update(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: Id,
    @Valid('body') body: ServiceAccountChanges,
  ) {
    return serviceAccountView(await this.accounts.update(caller, params.id, body), this.urls);
  }

  @Delete(':id')
  @HttpCode(204)
  @Operation('deleteServiceAccount')
  async delete(@CurrentCaller() caller: Caller, @Valid('params') params: Id): Promise<void> {
    await this.accounts.delete(caller, params.id);
  }
}
