import { Injectable, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '../auth/public.decorator';
import { OPERATION_KEY } from './operation.decorator';
import { RequestValidator } from './request-validator';

export interface RouteBinding {
  method: string;
  path: string;
  operationId?: string;
  public: boolean;
}

function joinPath(...parts: (string | string[] | undefined)[]): string {
  const segs = parts.flatMap((p) => (Array.isArray(p) ? p[0] : p) ?? '').join('/');
  return '/' + segs.split('/').filter(Boolean).join('/');
}

/**
 * Checks at startup that every HTTP route is bound to the operation of the OpenAPI document
 * with the same method and path (or is explicitly public), and that every operation in the
 * document is served. The API refuses to start otherwise.
 */
@Injectable()
export class RouteContract implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly validator: RequestValidator,
  ) {}

  routes(): RouteBinding[] {
    const routes: RouteBinding[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const prefix = Reflect.getMetadata(PATH_METADATA, wrapper.metatype) as string | string[] | undefined;
      const proto = Object.getPrototypeOf(instance) as Record<string, (...args: unknown[]) => unknown>;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const handler = proto[name];
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        routes.push({
          method: RequestMethod[method],
          path: joinPath(prefix, path),
          operationId: this.reflector.get<string>(OPERATION_KEY, handler),
          public: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [handler, wrapper.metatype]) ?? false,
        });
      }
    }
    return routes;
  }

  /** Problems found; empty when routes and document agree. */
  problems(): string[] {
    const problems: string[] = [];
    const served = new Set<string>();
    for (const route of this.routes()) {
      if (!route.operationId) {
        if (!route.public) problems.push(`${route.method} ${route.path} has no @Operation and is not @Public`);
        continue;
      }
      const op = this.validator.operation(route.operationId);
      const expected = op && `${op.method} ${op.path.replace(/\{([^}]+)\}/g, ':$1')}`;
      if (!op) problems.push(`${route.method} ${route.path}: operation ${route.operationId} is not in the document`);
      else if (expected !== `${route.method} ${route.path}`) {
        problems.push(
          `${route.method} ${route.path} is bound to ${route.operationId}, which the document serves at ${expected}`,
        );
      } else if (op.public !== route.public) {
        problems.push(`${route.method} ${route.path}: public in ${op.public ? 'document' : 'code'} only`);
      }
      served.add(route.operationId);
    }
    for (const id of this.validator.operationIds()) {
      if (!served.has(id)) problems.push(`operation ${id} is in the document but no route serves it`);
    }
    return problems;
  }

  onApplicationBootstrap(): void {
    const problems = this.problems();
    if (problems.length > 0) throw new Error(`Routes and openapi/openapi.yaml disagree:\n  ${problems.join('\n  ')}`);
  }
}
