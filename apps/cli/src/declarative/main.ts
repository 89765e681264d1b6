#!/usr/bin/env node
/**
 * A standalone entry for the declarative commands until they join the `cflink` binary:
 * `node dist/apps/cli/src/declarative/main.js plan -f stack.yaml`, with the API's URL and an API
 * key from CFLINK_API_URL, CFLINK_API_KEY and CFLINK_API_SECRET.
 */
import { Command } from 'commander';
import { createCflinkClient } from '#client';
import { registerDeclarativeCommands } from './index';

const program = new Command('cflink')
  .description('Declarative stacks for cflink: plan, apply, destroy')
  .showHelpAfterError();

registerDeclarativeCommands(program, {
  client: () => {
    // A client's settings, not the server's: libs/config describes the services, not this entry.
    // eslint-disable-next-line no-restricted-properties
    const { CFLINK_API_URL: baseUrl, CFLINK_API_KEY: apiKey, CFLINK_API_SECRET: apiSecret } = process.env;
    if (!baseUrl || !apiKey || !apiSecret) {
      throw new Error('Set CFLINK_API_URL, CFLINK_API_KEY and CFLINK_API_SECRET.');
    }
    return createCflinkClient({ baseUrl, apiKey, apiSecret });
  },
});

program.parseAsync(process.argv).catch((e: Error) => {
  process.stderr.write(`Error: ${e.message}\n`);
  process.exitCode = 1;
});
