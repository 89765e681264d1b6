import { Module } from '@nestjs/common';
import { AuditFeed } from './audit-feed';
import { AuditController } from './audit.controller';
import { AuditRecorder } from './audit.service';

@Module({ controllers: [AuditController], providers: [AuditRecorder, AuditFeed] })
export class AuditModule {}
