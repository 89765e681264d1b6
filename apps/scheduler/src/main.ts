import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignals, loadConfigOrExit, nestLogLevels } from '#config';
import { drainScheduler, startScheduler } from './scheduler-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit('cflink-scheduler');
  const app = await startScheduler(config, nestLogLevels(config));
  closeOnSignals(app, 'cflink-scheduler', () => drainScheduler(app));
  new Logger('cflink-scheduler').log('started; waiting for the leader lease');
}

void main();
