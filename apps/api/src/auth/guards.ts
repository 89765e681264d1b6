import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ApiError } from '../common/api-error';
import type { ApiRequest } from '../common/http';
import { OPERATION_KEY, type OperationId } from '../openapi/operation.decorator';
import { RequestValidator, type ValidRequest } from '../openapi/request-validator';
import { setAuditedOperation } from '../audit/audit.service';
import { AuthFailureThrottle } from '../rate-limit/auth-failures';
import { isPublic } from './public.decorator';
import { ApiKeyCache } from './api-key-cache';
import { callerOf } from './caller';
import { Policy } from './policy';
import { setAuthorization } from './visibility';

function operationOf(reflector: Reflector, ctx: ExecutionContext): OperationId {
  const id = reflector.get<OperationId>(OPERATION_KEY, ctx.getHandler());
  if (!id) throw new Error(`${ctx.getClass().name}.${ctx.getHandler().name} has no @Operation`);
  return id;
}

/**
 * 1. Authentication: every non-public route needs a valid API key (passport HTTP Basic). An
 * address that keeps presenting bad credentials is slowed (429) whatever it presents. A caller
 * admitted moments ago with the same credentials from the same address is admitted again
 * without the hash or the throttle's round trip (ApiKeyCache); any failed authentication in
 * this process ends that until the next full check.
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard('basic') {
  constructor(
    private readonly reflector: Reflector,
    private readonly failures: AuthFailureThrottle,
    private readonly keys: ApiKeyCache,
  ) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (isPublic(this.reflector, ctx)) return true;
    const req = ctx.switchToHttp().getRequest<ApiRequest>();
    const address = req.ip ?? 'unknown';
    const authorization = req.headers.authorization;
    const admitted = authorization === undefined ? undefined : this.keys.admitted(address, authorization);
    if (admitted) {
      req.user = admitted;
      return true;
    }
    const token = this.keys.admissionToken();
    // The throttle (Redis) and the key lookup (PostgreSQL) run side by side, one round trip
    // instead of two; a slowed address gets its 429 whatever the credentials were, and learns
    // nothing from them.
    const throttled = this.failures.check(address).then(
      () => null,
      (e: unknown) => e,
    );
    let authenticated: boolean;
    try {
      authenticated = (await super.canActivate(ctx)) as boolean;
    } catch (e) {
      const slowed = await throttled;
      if (slowed) throw slowed;
      // Only wrong credentials count: a request without any is a client bug, not a guess.
      if (e instanceof ApiError && e.status === 401 && authorization !== undefined) {
        this.keys.forgetAdmitted();
        await this.failures.recordFailure(address);
      }
      throw e;
    }
    const slowed = await throttled;
    if (slowed) {
      req.user = undefined; // a throttled request is not attributed to the key it carried
      throw slowed;
    }
    const caller = callerOf(req);
    if (authenticated && caller && authorization !== undefined) this.keys.admit(address, authorization, caller, token);
    return authenticated;
  }

  override handleRequest<T>(err: unknown, user: T, _info: unknown, ctx: ExecutionContext): T {
    if (err) throw err;
    if (!user) {
      const sent = ctx.switchToHttp().getRequest<ApiRequest>().headers.authorization !== undefined;
      throw ApiError.unauthenticated(
        sent
          ? 'The API key or secret is not valid.'
          : 'Authenticate with HTTP Basic: API key as user, secret as password.',
      );
    }
    return user;
  }
}

export type ValidatedRequest = ApiRequest & { valid?: ValidRequest };

/** 3. The request must match its operation in the OpenAPI document. */
@Injectable()
export class ContractGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly validator: RequestValidator,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const id = this.reflector.get<OperationId>(OPERATION_KEY, ctx.getHandler());
    if (!id) return true; // public routes outside the document (the document itself)
    const req = ctx.switchToHttp().getRequest<ValidatedRequest>();
    setAuditedOperation(req, id);
    req.valid = this.validator.validate(id, {
      params: req.params as Record<string, unknown>,
      query: req.query as Record<string, unknown>,
      body: req.body,
    });
    return true;
  }
}

/** 4. Authorization: the one policy decides every authenticated operation. */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly policy: Policy,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (isPublic(this.reflector, ctx)) return true;
    const req = ctx.switchToHttp().getRequest<ValidatedRequest>();
    const caller = callerOf(req);
    if (!caller || !req.valid) throw new Error('PolicyGuard reached without an authenticated, validated request');
    setAuthorization(req, await this.policy.authorize(caller, operationOf(this.reflector, ctx), req.valid));
    return true;
  }
}
