import { Controller, Get } from '@nestjs/common';
import { AuditEventsRepository, Prisma } from '#db';
import { CurrentCaller, type Caller } from '../auth/caller';
import { finishPage, pageArgs, pageRequest } from '../common/pagination';
import { Urls } from '../common/urls';
import { Valid } from '../common/valid.decorator';
import { ts, type Schemas } from '../common/views';
import { Operation, type QueryOf } from '../openapi/operation.decorator';

type AuditQuery = QueryOf<'listAuditEvents'>;

/** The organization's audit log, oldest first, keyset-paginated on the event id. */
@Controller('audit/v1/events')
export class AuditController {
  constructor(
    private readonly events: AuditEventsRepository,
    private readonly urls: Urls,
  ) {}

  @Get()
  @Operation('listAuditEvents')
  async list(@CurrentCaller() caller: Caller, @Valid('query') query: AuditQuery): Promise<Schemas['AuditEventList']> {
    const filters = {
      principal: query.principal,
      action: query.action,
      resource_name: query.resource_name,
      status: query.status === undefined ? undefined : String(query.status),
      since: query.since,
      until: query.until,
    };
    const page = pageRequest(query, `audit:${caller.organizationId}:${JSON.stringify(filters)}`);
    const { seqWhere, take } = pageArgs(page);
    const where: Prisma.AuditEventWhereInput = {
      ...(seqWhere.seq ? { id: seqWhere.seq } : {}),
      ...(query.principal ? { principal: query.principal } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.resource_name ? { resourceName: { startsWith: query.resource_name } } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
      createdAt: {
        ...(query.since ? { gte: new Date(query.since) } : {}),
        ...(query.until ? { lt: new Date(query.until) } : {}),
      },
    };
    const rows = await this.events.list(caller.organizationId, where, take);
    const { rows: events, metadata } = finishPage(
      rows.map((r) => ({ ...r, seq: r.id })),
      page,
      `${this.urls.base}/audit/v1/events`,
      filters,
    );
    return {
      api_version: 'audit/v1',
      kind: 'AuditEventList',
      metadata,
      data: events.map((e) => ({
        id: String(e.id),
        time: ts(e.createdAt),
        principal: e.principal,
        api_key: e.apiKeyId,
        action: e.action,
        resource_name: e.resourceName,
        path: e.resource,
        request_id: e.requestId,
        status: e.status,
        client_address: e.clientAddress,
      })),
    };
  }
}
