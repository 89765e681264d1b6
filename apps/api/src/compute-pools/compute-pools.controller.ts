import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import type { ComputePool } from '#db';
import type { Visibility } from '#domain';
import { CurrentCaller, type Caller } from '../auth/caller';
import { Visible } from '../auth/visibility';
import { Urls } from '../common/urls';
import { Valid } from '../common/valid.decorator';
import type { Schemas } from '../common/views';
import { Operation } from '../openapi/operation.decorator';
import { computePoolView } from './compute-pool.view';
import { ComputePoolsService, type PoolCreate, type PoolListQuery, type PoolUpdate } from './compute-pools.service';

@Controller('fcpm/v2/compute-pools')
export class ComputePoolsController {
  constructor(
    private readonly pools: ComputePoolsService,
    private readonly urls: Urls,
  ) {}

  @Get()
  @Operation('listComputePools')
  async list(
    @CurrentCaller() caller: Caller,
    @Valid('query') query: PoolListQuery,
    @Visible() visible: Visibility,
  ): Promise<Schemas['ComputePoolList']> {
    const listUrl = `${this.urls.base}/fcpm/v2/compute-pools`;
    const { rows, metadata } = await this.pools.list(caller, query, listUrl, visible);
    return { api_version: 'fcpm/v2', kind: 'ComputePoolList', metadata, data: await this.views(rows) };
  }

  @Post()
  @HttpCode(202)
  @Operation('createComputePool')
  async create(@CurrentCaller() caller: Caller, @Valid('body') body: { spec: PoolCreate }) {
    return this.view(await this.pools.create(caller, body.spec));
  }

  @Get(':id')
  @Operation('getComputePool')
  async get(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: { id: string },
    @Valid('query') query: { environment: string },
  ) {
    return this.view(await this.pools.get(caller, params.id, query.environment));
  }

  @Patch(':id')
  @Operation('updateComputePool')
  async update(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: { id: string },
    @Valid('body') body: { spec: PoolUpdate },
  ) {
    return this.view(await this.pools.update(caller, params.id, body.spec));
  }

  @Delete(':id')
  @HttpCode(204)
  @Operation('deleteComputePool')
  async delete(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: { id: string },
    @Valid('query') query: { environment: string },
  ) {
    await this.pools.delete(caller, params.id, query.environment);
  }

  private async view(pool: ComputePool): Promise<Schemas['ComputePool']> {
    return (await this.views([pool]))[0];
  }

  private async views(pools: ComputePool[]): Promise<Schemas['ComputePool'][]> {
    const cfu = await this.pools.currentCfu(pools);
    return pools.map((p) => computePoolView(p, cfu.get(p.id) ?? 0, this.urls));
  }
}
