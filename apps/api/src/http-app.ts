import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';
import { assertApiExposure, type CflinkConfig } from '#config';
import { AppModule } from './app.module';
import { failureBody, toApiError } from './common/error.filter';
import { HttpDrain } from './common/http-drain';
import { requestIdMiddleware, requestIdOf } from './common/request-id';

/**
 * Builds the HTTP application; `main.ts` listens with it (and stops it through `drain`), e2e
 * tests start it in-process.
 */
export async function createHttpApp(
  config: CflinkConfig,
  logger: false | readonly LogLevel[] = ['log', 'error', 'warn'],
  drain = new HttpDrain(),
) {
  assertApiExposure(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: logger === false ? false : [...logger],
  });
  app.disable('x-powered-by');
  // No ETag: express would hash every response body for it, and no client of this API sends
  // If-None-Match (Confluent's CLI and Terraform provider read resources fresh each time).
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.use(drain.middleware);
  app.use(requestIdMiddleware);
  // Our own JSON parser so malformed and oversized bodies get the standard error body. JSON
  // Patch and other +json types parse too; other content types leave the body empty.
  app.use(json({ limit: config.bodyLimitBytes, type: ['application/json', 'application/*+json'] }));
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const error = toApiError(err);
    res.status(error.status).json(failureBody(error, requestIdOf(req)));
  });
  return app;
}
