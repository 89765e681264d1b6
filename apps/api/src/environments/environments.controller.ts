import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import type { Visibility } from '#domain';
import { CurrentCaller, type Caller } from '../auth/caller';
import { Visible } from '../auth/visibility';
import { Urls } from '../common/urls';
import { Valid } from '../common/valid.decorator';
import type { ListQuery } from '../common/pagination';
import { Operation } from '../openapi/operation.decorator';
import { environmentView } from './environment.view';
import { EnvironmentsService, type EnvironmentChanges, type EnvironmentCreate } from './environments.service';

@Controller('org/v2/environments')
export class EnvironmentsController {
  constructor(
    private readonly environments: EnvironmentsService,
    private readonly urls: Urls,
  ) {}

  @Get()
  @Operation('listEnvironments')
  async list(@CurrentCaller() caller: Caller, @Valid('query') query: ListQuery, @Visible() visible: Visibility) {
    const listUrl = `${this.urls.base}/org/v2/environments`;
    const { rows, metadata } = await this.environments.list(caller, query, listUrl, visible);
    return {
      api_version: 'org/v2',
      kind: 'EnvironmentList',
      metadata,
      data: rows.map((e) => environmentView(e, this.urls)),
    };
  }

  @Post()
  @HttpCode(201)
  @Operation('createEnvironment')
  async create(@CurrentCaller() caller: Caller, @Valid('body') body: EnvironmentCreate) {
    return environmentView(await this.environments.create(caller, body), this.urls);
  }

  @Get(':id')
  @Operation('getEnvironment')
  async get(@CurrentCaller() caller: Caller, @Valid('params') params: { id: string }) {
    return environmentView(await this.environments.get(caller, params.id), this.urls);
  }

  @Patch(':id')
  @Operation('updateEnvironment')
  async update(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: { id: string },
    @Valid('body') body: EnvironmentChanges,
  ) {
    return environmentView(await this.environments.update(caller, params.id, body), this.urls);
  }

  @Delete(':id')
  @HttpCode(204)
  @Operation('deleteEnvironment')
  async delete(@CurrentCaller() caller: Caller, @Valid('params') params: { id: string }) {
    await this.environments.delete(caller, params.id);
  }
}
