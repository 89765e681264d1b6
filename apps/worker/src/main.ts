import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignals, loadConfigOrExit, nestLogLevels } from '#config';
import { drainWorker, startWorker } from './worker-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit('cflink-worker');
  const app = await startWorker(config, nestLogLevels(config));
  closeOnSignals(app, 'cflink-worker', () => drainWorker(app));
  new Logger('cflink-worker').log('started; serving the compute pools found in PostgreSQL');
}

void main();
