import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { ControlPlaneMetrics } from './control-plane-metrics';
import { OperatorMetricsController } from './operator-metrics.controller';

@Module({ imports: [RateLimitModule], controllers: [OperatorMetricsController], providers: [ControlPlaneMetrics] })
export class OperatorMetricsModule {}
