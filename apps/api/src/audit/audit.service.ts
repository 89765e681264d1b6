import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PrismaService } from '#db';
import { callerOf } from '../auth/caller';
import { authorizationOf } from '../auth/visibility';
import { requestIdOf } from '../common/request-id';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const OPERATION = Symbol('operationId');

/** Remembers which OpenAPI operation served the request, for the audit record. */
export function setAuditedOperation(req: Request, operationId: string): void {
  (req as Request & { [OPERATION]?: string })[OPERATION] = operationId;
}

/**
 * Records every mutating request (whatever its outcome, validation failures included) and
 * every failed authentication, once the response is sent. Never records bodies, headers or
 * credentials. Writing is best-effort: a failed audit write is logged, not surfaced to the
 * client whose request already completed.
 */
@Injectable()
export class AuditMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Audit');

  constructor(private readonly prisma: PrismaService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    res.on('finish', () => {
      if (!MUTATING.has(req.method) && res.statusCode !== 401) return;
      const caller = callerOf(req);
      const operation = (req as Request & { [OPERATION]?: string })[OPERATION];
      this.prisma.auditEvent
        .create({
          data: {
            organizationId: caller?.organizationId ?? null,
            principal: caller?.principalId ?? null,
            action: res.statusCode === 401 ? 'authenticate' : (operation ?? `${req.method} ${req.path}`),
            resource: req.path,
            resourceName: authorizationOf(req)?.resource ?? null,
            requestId: requestIdOf(req),
            status: res.statusCode,
            clientAddress: req.ip ?? null,
          },
        })
        .catch((e: Error) => this.logger.warn(`audit write failed: ${e.message}`));
    });
    next();
  }
}
