import { Injectable } from '@nestjs/common';
import type { Statement } from '#db';
import { authorize, visibleWithin, type Subject, type Visibility } from '#domain';
import { ApiError } from '../common/api-error';
import { Urls } from '../common/urls';
import type { OperationId } from '../openapi/operation.decorator';
import type { ValidRequest } from '../openapi/request-validator';
import type { Caller } from './caller';
import { ResourceResolver, type Target } from './resources';

export interface Authorization {
  /** CRN of the resource the operation acts on (the first check's), for the audit log. */
  resource: string;
  /** What a list may show; `{ all: true }` for everything else. */
  visibility: Visibility;
  /** The statement a getStatement was authorized on, so the handler need not read it again. */
  statement?: Statement;
}

/** Operations a Flink region API key may call (sql/v1 of its environment). */
const FLINK_REGION_KEY_OPERATIONS: readonly string[] = [
  'listStatements',
  'createStatement',
  'getStatement',
  'getStatementResult',
  'getStatementExceptions',
  'updateStatement',
  'deleteStatement',
];

/**
 * The single authorization hook every authenticated operation passes through (PolicyGuard):
 * it resolves what the request touches (ResourceResolver), loads the caller's role bindings
 * and asks the pure RBAC module (libs/domain/src/rbac.ts) about each (action, resource CRN).
 * Tenancy is also enforced by the repositories of libs/db, whose every query is scoped to the
 * caller's organization, so other organizations' resources are 404 (or 403 to whoever may not
 * look at the enclosing scope).
 */
@Injectable()
export class Policy {
  constructor(
    private readonly resources: ResourceResolver,
    private readonly urls: Urls,
  ) {}

  async authorize(caller: Caller, operation: OperationId, request: ValidRequest): Promise<Authorization> {
    this.assertKeyScope(caller, operation, request);
    const target = await this.resources.resolve(caller, operation, request);
    const subject = this.subject(caller);
    this.assertKeyRegion(caller, target);
    for (const check of target.checks) {
      const decision = authorize(subject, check.action, check.resource);
      if (!decision.allowed) throw ApiError.forbidden(decision.reason);
    }
    const visibility = target.list
      ? visibleWithin(subject, target.list.action, target.list.container)
      : ({ all: true } as const);
    return { resource: target.checks[0].resource, visibility, statement: target.statement };
  }

  /** The caller as the RBAC module sees it: its identity and role bindings (loaded with its key). */
  subject(caller: Caller): Subject {
    return {
      principalId: caller.principalId,
      identity: this.urls.crn.identity(caller.organizationId, caller.principalId),
      bindings: caller.bindings,
    };
  }

  /** A Flink region key reaches sql/v1 of its environment only; a Cloud key reaches everything. */
  private assertKeyScope(caller: Caller, operation: OperationId, request: ValidRequest): void {
    if (caller.keyResource === 'cloud') return;
    const env = request.params.environment_id;
    if (!FLINK_REGION_KEY_OPERATIONS.includes(operation) || env !== caller.keyEnvironmentId) {
      throw ApiError.forbidden(
        `API key ${caller.apiKeyId} is a Flink region key for ${caller.keyResource} in environment ${caller.keyEnvironmentId}: it may call only that environment's sql/v1 statements. Use a Cloud API key for ${operation}.`,
      );
    }
  }

  private assertKeyRegion(caller: Caller, target: Target): void {
    if (caller.keyResource === 'cloud') return;
    for (const { resource } of target.checks) {
      const region = /\/flink-region=([^/]+)/.exec(resource)?.[1];
      if (region && region !== caller.keyResource) {
        throw ApiError.forbidden(
          `API key ${caller.apiKeyId} is a Flink region key for ${caller.keyResource}; this statement is in ${region}.`,
        );
      }
    }
  }
}
