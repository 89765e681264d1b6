import { Injectable } from '@nestjs/common';
import type { AuditEvent, Prisma } from '../generated/client.js';

/** What the API records about one request (see apps/api/src/audit). */
export type AuditRecord = Omit<AuditEvent, 'id' | 'createdAt'>;
import { PrismaService } from '../prisma.service';
import { SqlService } from '../sql.service';
import { inOrganization } from './tenant-scope';

/**
 * The audit log. Events are written (`record`) by the API's audit recorder (an onRequest hook) for whichever
 * organization a request reached (or none); they are read as one organization's (`list`).
 */
@Injectable()
export class AuditEventsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlService,
  ) {}

  /** Writes one event (prepared SQL: every mutating request writes one) and returns it. */
  async record(event: AuditRecord): Promise<AuditEvent> {
    const [row] = await this.sql.rows<{ id: string; createdAt: Date }>(
      'audit-event-record',
      `INSERT INTO audit_events (organization_id, principal, api_key_id, action, resource, resource_name, request_id,
                                 status, client_address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, created_at AS "createdAt"`,
      [
        event.organizationId,
        event.principal,
        event.apiKeyId,
        event.action,
        event.resource,
        event.resourceName,
        event.requestId,
        event.status,
        event.clientAddress,
      ],
    );
    return { ...event, id: BigInt(row.id), createdAt: row.createdAt };
  }

  /** Up to `take` of the organization's events matching `where`, oldest first. */
  list(organizationId: string, where: Prisma.AuditEventWhereInput, take: number): Promise<AuditEvent[]> {
    return this.prisma.auditEvent.findMany({
      where: inOrganization(organizationId, where),
      orderBy: { id: 'asc' },
      take,
    });
  }
}
