import { Logger, type DynamicModule, type INestApplicationContext, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, type CflinkConfig } from './config';
import { traceHopsTo } from './hop-trace';

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
    const config = load();
    traceHopsTo(config.hopTraceFile);
    return config;
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`${processName}: invalid configuration: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
}

/** A Nest application context without HTTP (scheduler, worker); its `main` stops it with `closeOnSignals`. */
export async function startProcessContext(
  module: DynamicModule,
  logger: false | readonly LogLevel[],
): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(module, { logger: logger === false ? false : [...logger] });
}

/**
 * A process's graceful stop: on SIGTERM or SIGINT, `drain` first finishes the work in flight
 * (HTTP requests, queue jobs, loop passes) while every connection it needs is still open, then
 * the application closes and the process exits 0 (1 when the stop failed). Nest's own shutdown
 * hooks would close every provider at once, a database client beside a job still using it, and
 * end the process by its signal.
 */
export function closeOnSignals(app: INestApplicationContext, name: string, drain: () => Promise<void>): void {
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const logger = new Logger(name);
    logger.log(`${signal}: finishing the work in flight, then exiting`);
    drain()
      .then(() => app.close())
      .then(
        () => process.exit(0),
        (e: Error) => {
          logger.error(`stopping failed: ${e.message}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}
