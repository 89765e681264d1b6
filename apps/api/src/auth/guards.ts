import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { ApiError } from '../common/api-error';
import { OPERATION_KEY, type OperationId } from '../openapi/operation.decorator';
import { RequestValidator, type ValidRequest } from '../openapi/request-validator';
import { setAuditedOperation } from '../audit/audit.service';
import { IS_PUBLIC_KEY } from './public.decorator';
import { callerOf } from './caller';
import { Policy } from './policy';
import { setAuthorization } from './visibility';

function isPublic(reflector: Reflector, ctx: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [ctx.getHandler(), ctx.getClass()]) ?? false;
}

function operationOf(reflector: Reflector, ctx: ExecutionContext): OperationId {
  const id = reflector.get<OperationId>(OPERATION_KEY, ctx.getHandler());
  if (!id) throw new Error(`${ctx.getClass().name}.${ctx.getHandler().name} has no @Operation`);
  return id;
}

/** 1. Authentication: every non-public route needs a valid API key (passport HTTP Basic). */
@Injectable()
export class AuthenticationGuard extends AuthGuard('basic') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(ctx: ExecutionContext) {
    return isPublic(this.reflector, ctx) ? true : super.canActivate(ctx);
  }

  override handleRequest<T>(err: unknown, user: T, _info: unknown, ctx: ExecutionContext): T {
    if (err) throw err;
    if (!user) {
      const sent = ctx.switchToHttp().getRequest<Request>().header('authorization') !== undefined;
      throw ApiError.unauthenticated(
        sent
          ? 'The API key or secret is not valid.'
          : 'Authenticate with HTTP Basic: API key as user, secret as password.',
      );
    }
    return user;
  }
}

export type ValidatedRequest = Request & { valid?: ValidRequest };

/** 2. The request must match its operation in the OpenAPI document. */
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
      params: req.params,
      query: req.query as Record<string, unknown>,
      body: req.body,
    });
    return true;
  }
}

/** 3. Authorization: the one policy decides every authenticated operation. */
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
