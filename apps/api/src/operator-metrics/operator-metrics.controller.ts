import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { CFLINK_CONFIG, isLoopbackHost, type CflinkConfig } from '#config';
import { Public } from '../auth/public.decorator';
import { ApiError } from '../common/api-error';
import type { ApiReply, ApiRequest } from '../common/http';
import { Operation } from '../openapi/operation.decorator';
import { ControlPlaneMetrics } from './control-plane-metrics';

/**
 * GET /metrics: the control plane's health for a Prometheus server. It carries no tenant data but
 * reveals the deployment's load, so by default only clients on a loopback address (a Prometheus
 * or agent on the same host, or a sidecar) may read it; CFLINK_OPERATOR_METRICS=any opens it,
 * `off` closes it.
 */
@Controller('metrics')
export class OperatorMetricsController {
  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly metrics: ControlPlaneMetrics,
  ) {}

  @Get()
  @Public()
  @Operation('getOperatorMetrics')
  async scrape(@Req() req: ApiRequest, @Res({ passthrough: true }) reply: ApiReply): Promise<string> {
    const mode = this.config.operatorMetrics;
    if (mode === 'off' || (mode === 'loopback' && !isLoopbackHost(req.ip ?? ''))) {
      throw ApiError.forbidden(
        mode === 'off'
          ? 'Operator metrics are turned off (CFLINK_OPERATOR_METRICS=off).'
          : 'Operator metrics are served to loopback clients only; scrape from this host or set CFLINK_OPERATOR_METRICS=any.',
      );
    }
    void reply.type(this.metrics.registry.contentType);
    return this.metrics.render();
  }
}
