import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConfigModule, type CflinkConfig } from '#config';
import { DbModule } from '#db';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BillingModule } from './billing/billing.module';
import { CommonModule } from './common/common.module';
import { ErrorFilter } from './common/error.filter';
import { ComputePoolsModule } from './compute-pools/compute-pools.module';
import { EnvironmentsModule } from './environments/environments.module';
import { HealthModule } from './health/health.module';
import { IamModule } from './iam/iam.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OpenApiModule } from './openapi/openapi.module';
import { OperatorMetricsModule } from './operator-metrics/operator-metrics.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { RegionsModule } from './regions/regions.module';
import { StatementsModule } from './statements/statements.module';

@Module({})
export class AppModule {
  static forRoot(config?: CflinkConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DbModule,
        CommonModule,
        OpenApiModule,
        AuthModule,
        AuditModule,
        HealthModule,
        OrganizationsModule,
        EnvironmentsModule,
        RegionsModule,
        ComputePoolsModule,
        StatementsModule,
        BillingModule,
        MetricsModule,
        OperatorMetricsModule,
        IamModule,
        NotificationsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
