import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit, nestLogLevels } from '#config';
import { startScheduler } from './scheduler-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit('cflink-scheduler');
  await startScheduler(config, nestLogLevels(config));
  new Logger('cflink-scheduler').log('started; waiting for the leader lease');
}

void main();
