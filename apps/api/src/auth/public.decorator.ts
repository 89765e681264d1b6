import { SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

export const IS_PUBLIC_KEY = 'cflink:public';

/** Serves the route without authentication (health and the OpenAPI document only). */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

export function isPublic(reflector: Reflector, ctx: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [ctx.getHandler(), ctx.getClass()]) ?? false;
}
