import { Injectable, Logger } from '@nestjs/common';
import { AuditEventsRepository, PrismaService } from '#db';
import { callerOf } from '../auth/caller';
import { authorizationOf } from '../auth/visibility';
import { pathOf, type ApiReply, type ApiRequest } from '../common/http';
import { requestIdOf } from '../common/request-id';
import { AuditFeed } from './audit-feed';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const OPERATION = Symbol('operationId');

/** Remembers which OpenAPI operation served the request, for the audit record. */
export function setAuditedOperation(req: ApiRequest, operationId: string): void {
  (req as ApiRequest & { [OPERATION]?: string })[OPERATION] = operationId;
}

/** The API key id a request presented with HTTP Basic, if it looks like one (never the secret). */
export function presentedKeyId(req: ApiRequest): string | undefined {
  const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return undefined;
  const user = Buffer.from(encoded, 'base64').toString('utf8').split(':')[0];
  return /^[A-Z0-9]{16}$/.test(user) ? user : undefined;
}

/**
 * Records every mutating request (whatever its outcome, validation failures included) and
 * every failed authentication, once the response is sent. A failed authentication with an
 * existing key id is attributed to that key's organization, with the key id but no principal
 * (whoever tried is unknown), so its admins see attempts on their keys. Never records bodies,
 * headers or credentials. Each event is also published to Kafka (AuditFeed). Writing is best-effort: a failed audit write is logged, not surfaced
 * to the client whose request already completed.
 */
@Injectable()
export class AuditRecorder {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly prisma: PrismaService,
    private readonly events: AuditEventsRepository,
    private readonly feed: AuditFeed,
  ) {}

  /** onRequest hook (http-app.ts): records the request once its response is sent. */
  onRequest(req: ApiRequest, reply: ApiReply): void {
    const res = reply.raw;
    res.on('finish', () => {
      if (!MUTATING.has(req.method) && res.statusCode !== 401) return;
      this.record(req, res.statusCode).catch((e: Error) => this.logger.warn(`audit write failed: ${e.message}`));
    });
  }

  private async record(req: ApiRequest, status: number): Promise<void> {
    const caller = callerOf(req);
    const operation = (req as ApiRequest & { [OPERATION]?: string })[OPERATION];
    const tried = status === 401 ? await this.triedKey(req) : null;
    const event = await this.events.record({
      organizationId: caller?.organizationId ?? tried?.organizationId ?? null,
      principal: caller?.principalId ?? null,
      apiKeyId: caller?.apiKeyId ?? tried?.id ?? null,
      action: status === 401 ? 'authenticate' : (operation ?? `${req.method} ${pathOf(req)}`),
      resource: pathOf(req),
      resourceName: authorizationOf(req)?.resource ?? null,
      requestId: requestIdOf(req),
      status,
      clientAddress: req.ip ?? null,
    });
    this.feed.publish({
      id: String(event.id),
      time: event.createdAt.toISOString(),
      organizationId: event.organizationId,
      principal: event.principal,
      apiKeyId: event.apiKeyId,
      action: event.action,
      resourceName: event.resourceName,
      path: event.resource ?? pathOf(req),
      requestId: event.requestId,
      status: event.status,
      clientAddress: event.clientAddress,
    });
  }

  private async triedKey(req: ApiRequest) {
    const id = presentedKeyId(req);
    return id ? this.prisma.apiKey.findUnique({ where: { id }, select: { id: true, organizationId: true } }) : null;
  }
}
