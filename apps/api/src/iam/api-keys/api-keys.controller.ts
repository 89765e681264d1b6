import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import type { Visibility } from '#domain';
import { CurrentCaller, type Caller } from '../../auth/caller';
import { Visible } from '../../auth/visibility';
import { Urls } from '../../common/urls';
import { Valid } from '../../common/valid.decorator';
import type { Schemas } from '../../common/views';
import { Operation } from '../../openapi/operation.decorator';
import { apiKeyView } from './api-key.view';
import { ApiKeysService, type ApiKeyChanges, type ApiKeyCreate, type ApiKeyListQuery } from './api-keys.service';

type Id = { id: string };

@Controller('iam/v2/api-keys')
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly urls: Urls,
  ) {}

  @Get()
  @Operation('listApiKeys')
  async list(
    @CurrentCaller() caller: Caller,
    @Valid('query') query: ApiKeyListQuery,
    @Visible() visible: Visibility,
  ): Promise<Schemas['ApiKeyList']> {
    const { rows, metadata } = await this.keys.list(caller, query, visible);
    return { api_version: 'iam/v2', kind: 'ApiKeyList', metadata, data: rows.map((k) => apiKeyView(k, this.urls)) };
  }

  /** 202 as in Confluent Cloud; the only response that carries the secret. */
  @Post()
  @HttpCode(202)
  @Operation('createApiKey')
  async create(@CurrentCaller() caller: Caller, @Valid('body') body: { spec: ApiKeyCreate }) {
    const { key, secret } = await this.keys.create(caller, body.spec);
    return apiKeyView(key, this.urls, secret);
  }

  @Get(':id')
  @Operation('getApiKey')
  async get(@CurrentCaller() caller: Caller, @Valid('params') params: Id) {
    return apiKeyView(await this.keys.get(caller, params.id), this.urls);
  }

  @Patch(':id')
  @Operation('updateApiKey')
  async update(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: Id,
    @Valid('body') body: { spec: ApiKeyChanges },
  ) {
    return apiKeyView(await this.keys.update(caller, params.id, body.spec), this.urls);
  }

  @Delete(':id')
  @HttpCode(204)
  @Operation('deleteApiKey')
  async delete(@CurrentCaller() caller: Caller, @Valid('params') params: Id): Promise<void> {
    await this.keys.delete(caller, params.id);
  }
}
