import { Controller, HttpCode, Post } from '@nestjs/common';
import { MeteringInputError, parseInterval, type Granularity } from '#domain';
import { CurrentCaller, type Caller } from '../auth/caller';
import { ApiError } from '../common/api-error';
import { Valid } from '../common/valid.decorator';
import type { Schemas } from '../common/views';
import { Operation, type BodyOf } from '../openapi/operation.decorator';
import { MetricsService, type MetricLabel } from './metrics.service';

type QueryBody = BodyOf<'queryMetrics'>;

/** Metrics API v2 (dataset `cloud`) over the metering ledger; MetricsViewer or OrganizationAdmin. */
@Controller('v2/metrics/cloud')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Post('query')
  @HttpCode(200)
  @Operation('queryMetrics')
  async query(
    @CurrentCaller() caller: Caller,
    @Valid('body') body: QueryBody,
  ): Promise<Schemas['MetricsQueryResponse']> {
    const granularity = body.granularity as Granularity;
    let interval;
    try {
      interval = parseInterval(body.intervals[0], granularity);
    } catch (e) {
      if (e instanceof MeteringInputError) throw ApiError.badRequest(e.message, { pointer: '/intervals/0' });
      throw e;
    }
    const fieldFilters = !body.filter ? [] : 'filters' in body.filter ? body.filter.filters : [body.filter];
    const filters: Partial<Record<MetricLabel, string>> = {};
    for (const f of fieldFilters) {
      if (filters[f.field] !== undefined && filters[f.field] !== f.value) return { data: [] }; // a = x AND a = y
      filters[f.field] = f.value;
    }
    const series = await this.metrics.query({
      organizationId: caller.organizationId,
      metric: body.aggregations[0].metric,
      interval,
      granularity,
      groupBy: [...new Set(body.group_by ?? [])],
      filters,
      limit: body.limit ?? 100,
    });
    if (body.format === 'GROUPED') return { data: series.map((s) => ({ ...s.labels, points: s.points })) };
    const flat = series.flatMap((s) => s.points.map((p) => ({ timestamp: p.timestamp, value: p.value, ...s.labels })));
    flat.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    return { data: flat };
  }
}
