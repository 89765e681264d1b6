import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AuditFeed } from './audit-feed';
import { AuditController } from './audit.controller';
import { AuditMiddleware } from './audit.service';

@Module({ controllers: [AuditController], providers: [AuditMiddleware, AuditFeed] })
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuditMiddleware).forRoutes('{*path}');
  }
}
