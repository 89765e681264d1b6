import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AuditEventsRepository, PrismaService } from '#db';
import { callerOf } from '../auth/caller';
import { authorizationOf } from '../auth/visibility';
import { requestIdOf } from '../common/request-id';
import { AuditFeed } from './audit-feed';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const OPERATION = Symbol('operationId');

/** Remembers which OpenAPI operation served the request, for the audit record. */
export function setAuditedOperation(req: Request, operationId: string): void {
  (req as Request & { [OPERATION]?: string })[OPERATION] = operationId;
}

/** The API key id a request presented with HTTP Basic, if it looks like one (never the secret). */
export function presentedKeyId(req: Request): string | undefined {
  const [scheme, encoded] = (req.header('authorization') ?? '').split(' ');
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
export class AuditMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly prisma: PrismaService,
    private readonly events: AuditEventsRepository,
    private readonly feed: AuditFeed,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    res.on('finish', () => {
      if (!MUTATING.has(req.method) && res.statusCode !== 401) return;
      this.record(req, res).catch((e: Error) => this.logger.warn(`audit write failed: ${e.message}`));
    });
    next();
  }

  private async record(req: Request, res: Response): Promise<void> {
    const caller = callerOf(req);
    const operation = (req as Request & { [OPERATION]?: string })[OPERATION];
    const tried = res.statusCode === 401 ? await this.triedKey(req) : null;
    const event = await this.events.record({
      organizationId: caller?.organizationId ?? tried?.organizationId ?? null,
      principal: caller?.principalId ?? null,
      apiKeyId: caller?.apiKeyId ?? tried?.id ?? null,
      action: res.statusCode === 401 ? 'authenticate' : (operation ?? `${req.method} ${req.path}`),
      resource: req.path,
      resourceName: authorizationOf(req)?.resource ?? null,
      requestId: requestIdOf(req),
      status: res.statusCode,
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
      path: event.resource ?? req.path,
      requestId: event.requestId,
      status: event.status,
      clientAddress: event.clientAddress,
    });
  }

  private async triedKey(req: Request) {
    const id = presentedKeyId(req);
    return id ? this.prisma.apiKey.findUnique({ where: { id }, select: { id: true, organizationId: true } }) : null;
  }
}
