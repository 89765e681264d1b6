import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ValidatedRequest } from '../auth/guards';
import type { ValidRequest } from '../openapi/request-validator';

/**
 * Injects the request as validated against its OpenAPI operation (query parameters coerced to
 * their schema types, defaults applied). `@Valid('body')`, `@Valid('query')`, `@Valid('params')`.
 */
export const Valid = createParamDecorator((part: keyof ValidRequest, ctx: ExecutionContext) => {
  const valid = ctx.switchToHttp().getRequest<ValidatedRequest>().valid;
  if (!valid) throw new Error('@Valid used on a route without @Operation');
  return valid[part];
});
