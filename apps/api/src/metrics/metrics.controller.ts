import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  filterBounds,
  filterFields,
  labelsOf,
  MeteringInputError,
  metricDefinition,
  parseInterval,
  type Granularity,
  type MetricFilter,
  type Visibility,
} from '#domain';
import { CurrentCaller, type Caller } from '../auth/caller';
import { Visible } from '../auth/visibility';
import { ApiError } from '../common/api-error';
import { Urls } from '../common/urls';
import { Valid } from '../common/valid.decorator';
import type { Schemas } from '../common/views';
import { Operation, type BodyOf, type QueryOf } from '../openapi/operation.decorator';
import { MetricDescriptors } from './metric-descriptors';
import { metricsScope, nothingMatches } from './metrics-scope';
import { MetricsService } from './metrics.service';

type QueryBody = BodyOf<'queryMetrics'>;

/**
 * Metrics API v2 (dataset `cloud`): queries over the metering ledger and the engine's samples,
 * and the catalogue of metrics and resources. MetricsViewer, EnvironmentAdmin or
 * OrganizationAdmin; a role bound inside the organization sees what it covers.
 */
@Controller('v2/metrics/cloud')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly descriptors: MetricDescriptors,
    private readonly urls: Urls,
  ) {}

  @Post('query')
  @HttpCode(200)
  @Operation('queryMetrics')
  async query(
    @CurrentCaller() caller: Caller,
    @Visible() visible: Visibility,
    @Valid('body') body: QueryBody,
  ): Promise<Schemas['MetricsQueryResponse']> {
    const { metric: name, agg } = body.aggregations[0];
    const metric = metricDefinition(name)!;
    if (agg === 'SUM' && metric.across !== 'SUM') {
      throw ApiError.badRequest(`${name} is combined across series with ${metric.across}, not SUM: omit agg.`, {
        pointer: '/aggregations/0/agg',
      });
    }
    const granularity = body.granularity as Granularity;
    const labels = labelsOf(metric);
    const filter = body.filter as MetricFilter | undefined;
    for (const [i, label] of (body.group_by ?? []).entries()) {
      if (!labels.includes(label)) throw unknownLabel(name, label, labels, `/group_by/${i}`);
    }
    for (const label of filterFields(filter)) {
      if (!labels.includes(label)) throw unknownLabel(name, label, labels, '/filter');
    }
    const order = body.order_by?.[0];
    if (order && granularity !== 'ALL') {
      throw ApiError.badRequest('order_by is only valid with granularity ALL.', { pointer: '/order_by' });
    }
    if (order && order.metric !== name) {
      throw ApiError.badRequest(`order_by must name the queried metric ${name}.`, { pointer: '/order_by/0/metric' });
    }
    if (order?.agg === 'SUM' && metric.across !== 'SUM') {
      throw ApiError.badRequest(`${name} is combined with ${metric.across}, not SUM: omit agg.`, {
        pointer: '/order_by/0/agg',
      });
    }
    let interval;
    try {
      interval = parseInterval(body.intervals[0], granularity);
    } catch (e) {
      if (e instanceof MeteringInputError) throw ApiError.badRequest(e.message, { pointer: '/intervals/0' });
      throw e;
    }
    const bounds = filterBounds(filter);
    if (nothingMatches(bounds)) return { data: [] };
    const groups = await this.metrics.query({
      scope: metricsScope(caller.organizationId, this.urls.crn.organization(caller.organizationId), visible, bounds),
      metric,
      interval,
      granularity,
      groupBy: [...new Set(body.group_by ?? [])],
      filter,
      limit: body.limit ?? 100,
      order: order ? (order.order ?? 'DESCENDING') : undefined,
    });
    if (body.format === 'GROUPED') return { data: groups.map((g) => ({ ...g.labels, points: g.points })) };
    const flat = groups.flatMap((g) => g.points.map((p) => ({ timestamp: p.timestamp, value: p.value, ...g.labels })));
    if (!order) flat.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    return { data: flat };
  }

  @Get('descriptors/metrics')
  @Operation('listMetricDescriptors')
  listMetrics(@Valid('query') query: QueryOf<'listMetricDescriptors'>): Schemas['MetricDescriptorList'] {
    return this.descriptors.metrics(query);
  }

  @Get('descriptors/resources')
  @Operation('listResourceDescriptors')
  listResources(@Valid('query') query: QueryOf<'listResourceDescriptors'>): Schemas['ResourceDescriptorList'] {
    return this.descriptors.resources(query);
  }
}

function unknownLabel(metric: string, label: string, labels: readonly string[], pointer: string): ApiError {
  return ApiError.badRequest(`${metric} has no label ${label}; its labels are ${labels.join(', ')}.`, { pointer });
}
