import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { ConfigError, loadConfig, LOCAL_BOOTSTRAP_KEY } from '#config';
import { createHttpApp } from './http-app';

const LOG_LEVELS = {
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
} as const satisfies Record<string, LogLevel[]>;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`cflink-api: invalid configuration: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const app = await createHttpApp(config, LOG_LEVELS[config.logLevel]);
  await app.listen(config.port, config.host);
  const logger = new Logger('cflink-api');
  logger.log(`listening on ${config.publicUrl} (OpenAPI document at ${config.publicUrl}/openapi.json)`);
  if (config.bootstrap?.apiKey === LOCAL_BOOTSTRAP_KEY) {
    logger.warn(
      `using the documented local API key ${LOCAL_BOOTSTRAP_KEY}; set CFLINK_BOOTSTRAP_API_KEY/SECRET outside local development`,
    );
  }
}

void main();
