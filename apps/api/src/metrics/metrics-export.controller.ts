import { Controller, Get, Res } from '@nestjs/common';
import { ENVIRONMENT_LABEL, FLINK_METRICS, POOL_LABEL, type LabelBounds, type Visibility } from '#domain';
import { CurrentCaller, type Caller } from '../auth/caller';
import { Visible } from '../auth/visibility';
import { ApiError } from '../common/api-error';
import type { ApiReply } from '../common/http';
import { Urls } from '../common/urls';
import { Valid } from '../common/valid.decorator';
import { Operation, type QueryOf } from '../openapi/operation.decorator';
import { metricsScope } from './metrics-scope';
import { exportedMetrics, MetricsExport } from './metrics-export.service';

type ExportQuery = QueryOf<'exportMetrics'>;

const many = (value: string | string[] | undefined): string[] | undefined =>
  value === undefined ? undefined : [value].flat();

/** GET /v2/metrics/cloud/export: current values in the Prometheus text format, for scrapers. */
@Controller('v2/metrics/cloud')
export class MetricsExportController {
  constructor(
    private readonly exporter: MetricsExport,
    private readonly urls: Urls,
  ) {}

  @Get('export')
  @Operation('exportMetrics')
  async export(
    @CurrentCaller() caller: Caller,
    @Visible() visible: Visibility,
    @Valid('query') query: ExportQuery,
    @Res({ passthrough: true }) reply: ApiReply,
  ): Promise<string> {
    const names = many(query.metric) ?? [];
    const unknown = names.find((n) => !FLINK_METRICS.some((m) => m.name === n));
    if (unknown) {
      throw ApiError.badRequest(
        `${unknown} is not an exported metric; exported are ${FLINK_METRICS.map((m) => m.name).join(', ')}.`,
        { parameter: 'metric' },
      );
    }
    const bounds: LabelBounds = {};
    const pools = many(query['resource.compute_pool.id']);
    const environments = many(query['resource.environment.id']);
    if (pools) bounds[POOL_LABEL] = pools;
    if (environments) bounds[ENVIRONMENT_LABEL] = environments;
    const scope = metricsScope(
      caller.organizationId,
      this.urls.crn.organization(caller.organizationId),
      visible,
      bounds,
    );
    const { contentType, text } = await this.exporter.render(scope, exportedMetrics(names));
    void reply.type(contentType);
    return text;
  }
}
