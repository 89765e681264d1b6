import { Controller, Get } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { CurrentCaller, type Caller } from '../auth/caller';
import { finishPage, pageRequest } from '../common/pagination';
import { Urls } from '../common/urls';
import { Valid } from '../common/valid.decorator';
import type { Schemas } from '../common/views';
import { Operation, type QueryOf } from '../openapi/operation.decorator';
import { RegionCatalog, type Region } from './region-catalog';

type RegionQuery = QueryOf<'listRegions'>;

@Controller('fcpm/v2/regions')
export class RegionsController {
  constructor(
    private readonly catalog: RegionCatalog,
    private readonly urls: Urls,
  ) {}

  @Get()
  @Operation('listRegions')
  list(@CurrentCaller() caller: Caller, @Valid('query') query: RegionQuery): Schemas['RegionList'] {
    const filters = { cloud: query.cloud, region_name: query.region_name };
    const page = pageRequest(query, `regions:${filters.cloud ?? ''}:${filters.region_name ?? ''}`);
    const matching = this.catalog.regions.filter(
      (r) =>
        (!query.cloud || r.cloud === query.cloud.toUpperCase()) &&
        (!query.region_name || r.region === query.region_name) &&
        (!page.cursor || r.seq > page.cursor.after),
    );
    const { rows, metadata } = finishPage(
      matching.slice(0, page.size + 1),
      page,
      `${this.urls.base}/fcpm/v2/regions`,
      filters,
    );
    return {
      api_version: 'fcpm/v2',
      kind: 'RegionList',
      metadata,
      data: rows.map((r) => this.view(caller, r)),
    };
  }

  /** The URL each region's metadata.self names. */
  @Get(':id')
  @Operation('getRegion')
  get(@CurrentCaller() caller: Caller, @Valid('params') params: { id: string }): Schemas['Region'] {
    const region = this.catalog.regions.find((r) => r.id === params.id);
    if (!region) throw ApiError.notFound('Region', params.id);
    return this.view(caller, region);
  }

  private view(caller: Caller, r: Region): Schemas['Region'] {
    return {
      api_version: 'fcpm/v2',
      kind: 'Region',
      id: r.id,
      metadata: { self: this.urls.region(r.id), resource_name: this.urls.crn.region(caller.organizationId, r.id) },
      display_name: r.displayName,
      cloud: r.cloud,
      region_name: r.region,
      // Statements (sql/v1) are served by this same API.
      http_endpoint: this.urls.base,
    };
  }
}
