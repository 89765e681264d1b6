import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignals, loadApiConfig, loadConfigOrExit, LOCAL_BOOTSTRAP_KEY, nestLogLevels } from '#config';
import { HttpDrain } from './common/http-drain';
import { createHttpApp } from './http-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit('cflink-api', () => loadApiConfig());
  const drain = new HttpDrain();
  const app = await createHttpApp(config, nestLogLevels(config), drain);
  await app.listen(config.port, config.host);
  // Requests in flight are answered before the database and Redis clients close.
  closeOnSignals(app, 'cflink-api', () => drain.drain(app.getHttpServer()));
  const logger = new Logger('cflink-api');
  logger.log(`listening on ${config.publicUrl} (OpenAPI document at ${config.publicUrl}/openapi.json)`);
  if (config.bootstrap?.apiKey === LOCAL_BOOTSTRAP_KEY) {
    logger.warn(
      `using the documented local API key ${LOCAL_BOOTSTRAP_KEY}; set CFLINK_BOOTSTRAP_API_KEY/SECRET outside local development`,
    );
  }
}

void main();
