import { Module } from '@nestjs/common';
import { MetricDescriptors } from './metric-descriptors';
import { MetricsExportController } from './metrics-export.controller';
import { MetricsExport } from './metrics-export.service';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({
  controllers: [MetricsController, MetricsExportController],
  providers: [MetricsService, MetricDescriptors, MetricsExport],
})
export class MetricsModule {}
