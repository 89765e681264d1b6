import { Injectable } from '@nestjs/common';
import type { AuditEvent, Prisma } from '../generated/client.js';
import { PrismaService } from '../prisma.service';
import { inOrganization } from './tenant-scope';

/**
 * The audit log as one organization reads it. Events are written by the API's audit service for
 * whichever organization a request reached (or none), so writing stays there.
 */
@Injectable()
export class AuditEventsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Up to `take` of the organization's events matching `where`, oldest first. */
  list(organizationId: string, where: Prisma.AuditEventWhereInput, take: number): Promise<AuditEvent[]> {
    return this.prisma.auditEvent.findMany({
      where: inOrganization(organizationId, where),
      orderBy: { id: 'asc' },
      take,
    });
  }
}
