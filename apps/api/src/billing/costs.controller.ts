import { Controller, Get } from '@nestjs/common';
import { dayRange, MeteringInputError } from '#domain';
import { CurrentCaller, type Caller } from '../auth/caller';
import { ApiError } from '../common/api-error';
import { finishPage, pageRequest } from '../common/pagination';
import { Urls } from '../common/urls';
import { Valid } from '../common/valid.decorator';
import type { Schemas } from '../common/views';
import { Operation, type QueryOf } from '../openapi/operation.decorator';
import { CostsService } from './costs.service';

type CostsQuery = QueryOf<'listCosts'>;

/** Longest range one costs query may span. */
const MAX_DAYS = 366;
const COSTS_PAGE_SIZE = 5000;

/** billing/v1 costs: the organization's Flink usage per day and compute pool (OrganizationAdmin, BillingAdmin). */
@Controller('billing/v1/costs')
export class CostsController {
  constructor(
    private readonly costs: CostsService,
    private readonly urls: Urls,
  ) {}

  @Get()
  @Operation('listCosts')
  async list(@CurrentCaller() caller: Caller, @Valid('query') query: CostsQuery): Promise<Schemas['CostList']> {
    try {
      dayRange(query.start_date, query.end_date, MAX_DAYS);
    } catch (e) {
      if (e instanceof MeteringInputError) throw ApiError.badRequest(e.message, { parameter: 'end_date' });
      throw e;
    }
    const filters = { start_date: query.start_date, end_date: query.end_date };
    const page = pageRequest(
      { ...query, page_size: query.page_size ?? COSTS_PAGE_SIZE },
      `costs:${caller.organizationId}:${query.start_date}:${query.end_date}`,
    );
    // Lines are numbered in (day, pool) order; a token carries the number of the last one given.
    const all = await this.costs.poolDays(caller.organizationId, query.start_date, query.end_date);
    const after = Number(page.cursor?.after ?? 0n);
    const slice = all.slice(after, after + page.size + 1).map((row, i) => ({ row, seq: BigInt(after + i + 1) }));
    const { rows, metadata } = finishPage(slice, page, `${this.urls.base}/billing/v1/costs`, filters);
    const names = await this.costs.poolNames(
      caller.organizationId,
      rows.map((r) => r.row.computePoolId),
    );
    return {
      api_version: 'billing/v1',
      kind: 'CostList',
      metadata,
      data: rows.map((r) => this.costs.line(r.row, names.get(r.row.computePoolId))),
    };
  }
}
