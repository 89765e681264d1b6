import type { DynamicModule, INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, type CflinkConfig } from './config';

const LOG_LEVELS = {
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
} as const satisfies Record<string, LogLevel[]>;

/** Nest logger levels for CFLINK_LOG_LEVEL. */
export function nestLogLevels(config: CflinkConfig): LogLevel[] {
  return [...LOG_LEVELS[config.logLevel]];
}

/** The configuration of a process's `main`: an invalid one ends the process naming the variable. */
export function loadConfigOrExit(processName: string, load: () => CflinkConfig = loadConfig): CflinkConfig {
  try {
    return load();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`${processName}: invalid configuration: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
}

/** A Nest application context without HTTP (scheduler, worker), stopped cleanly on SIGTERM. */
export async function startProcessContext(
  module: DynamicModule,
  logger: false | readonly LogLevel[],
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(module, { logger: logger === false ? false : [...logger] });
  app.enableShutdownHooks();
  return app;
}
