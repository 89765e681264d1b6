import type { RoleBindingLike } from '#domain';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiRequest } from '../common/http';

/** The authenticated principal of a request. */
export interface Caller {
  organizationId: string;
  /** `u-…` or `sa-…`. */
  principalId: string;
  apiKeyId: string;
  /** The key's resource scope: `cloud`, or a Flink region id (`aws.us-east-1`) with its environment. */
  keyResource: string;
  keyEnvironmentId: string | null;
  /** The principal's role bindings, loaded with the key. */
  bindings: RoleBindingLike[];
}

export function callerOf(req: ApiRequest): Caller | undefined {
  return req.user as Caller | undefined;
}

/** Injects the authenticated caller into a handler. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = callerOf(ctx.switchToHttp().getRequest<ApiRequest>());
  if (!caller) throw new Error('CurrentCaller used on a route without authentication');
  return caller;
});
