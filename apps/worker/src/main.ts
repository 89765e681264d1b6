import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit, nestLogLevels } from '#config';
import { startWorker } from './worker-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit('cflink-worker');
  await startWorker(config, nestLogLevels(config));
  new Logger('cflink-worker').log('started; serving the compute pools found in PostgreSQL');
}

void main();
