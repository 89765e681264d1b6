import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertApiExposure, type CflinkConfig } from '#config';
import { AppModule } from './app.module';
import { KeyCacheInvalidation } from './auth/api-key-cache';
import { AuditRecorder } from './audit/audit.service';
import { sendFailure, toApiError } from './common/error.filter';
import { HttpDrain } from './common/http-drain';
import { useJsonBodies } from './common/json-body';
import { assignRequestId, requestIdOf } from './common/request-id';

/**
 * Builds the HTTP application on Fastify; `main.ts` listens with it (and stops it through
 * `drain`), e2e tests start it in-process.
 */
export async function createHttpApp(
  config: CflinkConfig,
  logger: false | readonly LogLevel[] = ['log', 'error', 'warn'],
  drain = new HttpDrain(),
) {
  assertApiExposure(config);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // Client addresses (rate limits, audit, /metrics) come from X-Forwarded-For only through a
    // proxy on this host.
    trustProxy: 'loopback',
    // Paths match as they did under express: a trailing slash and letter case do not matter, and
    // a long path value reaches the operation's validation (which names the limit) instead of 404.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 16 * 1024 },
    // Node's own connection timeouts, as before, rather than Fastify's (keep-alive 72 s, no request timeout).
    keepAliveTimeout: 5_000,
    requestTimeout: 300_000,
    // Nothing here uses Connect-style middleware: per-request work runs in the hooks below.
    skipMiddie: true,
    // A path with bad percent-encoding gets the standard error body too.
    frameworkErrors: (error: Error, req: FastifyRequest, reply: FastifyReply) => {
      assignRequestId(req, reply);
      sendFailure(reply, toApiError(error), requestIdOf(req));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bodyParser: false,
    logger: logger === false ? false : [...logger],
  });
  const fastify = app.getHttpAdapter().getInstance();
  useJsonBodies(fastify, config.bodyLimitBytes);
  const keys = app.get(KeyCacheInvalidation);
  const audit = app.get(AuditRecorder);
  fastify.addHook('onRequest', (req, reply, done) => {
    drain.onRequest(reply);
    assignRequestId(req, reply);
    keys.onRequest(req, reply);
    audit.onRequest(req, reply);
    done();
  });
  return app;
}
