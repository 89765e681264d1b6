import type { Command } from 'commander';
import { Session, type CliContext, type Runtime } from '../context';
import { UsageError } from '../errors';
import { examples } from '../help';
import type { Profile } from '../profiles';

/** Reads a secret from the terminal without echoing it. */
function promptSecret(runtime: Runtime, question: string): Promise<string> {
  const { stdin } = runtime;
  if (!stdin.isTTY || !stdin.setRawMode) {
    return Promise.reject(new UsageError('No API secret: pass --api-secret or set CFLINK_API_SECRET.'));
  }
  runtime.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let secret = '';
    const done = (error?: Error) => {
      stdin.setRawMode!(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      runtime.stderr.write('\n');
      if (error) reject(error);
      else resolve(secret);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('Cancelled.'));
        if (ch === '\u007f') secret = secret.slice(0, -1);
        else secret += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export function registerContextCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('login')
      .description('Check credentials against the API and save them as a context (and make it current).')
      .option('--url <url>', 'the API URL', ctx.runtime.env.CFLINK_API_URL ?? 'http://127.0.0.1:8080')
      .option('--api-key <key>', 'API key (default: $CFLINK_API_KEY)')
      .option('--api-secret <secret>', 'API secret (default: $CFLINK_API_SECRET, else asked for)')
      .action(async (opts: { url: string; apiKey?: string; apiSecret?: string }, cmd: Command) => {
        const name = ctx.globals(cmd).context ?? 'default';
        const apiKey = opts.apiKey ?? ctx.runtime.env.CFLINK_API_KEY;
        if (!apiKey) throw new UsageError('No API key: pass --api-key or set CFLINK_API_KEY.');
        const apiSecret =
          opts.apiSecret ?? ctx.runtime.env.CFLINK_API_SECRET ?? (await promptSecret(ctx.runtime, 'API secret: '));
        const url = opts.url.replace(/\/+$/, '');
        const session = new Session({ url, apiKey, apiSecret });
        const org = await session.org();
        const previous = ctx.store.read().contexts[name];
        const profile: Profile = { url, api_key: apiKey, api_secret: apiSecret };
        // Defaults chosen earlier stay when the context still points at the same organization's API.
        if (previous?.url === url)
          Object.assign(profile, { environment: previous.environment, compute_pool: previous.compute_pool });
        ctx.store.update((config) => {
          config.contexts[name] = profile;
          config.current_context = name;
        });
        ctx
          .printer(cmd)
          .message(
            `Logged in to ${url} (organization "${org.display_name}") with key ${apiKey}; saved as context "${name}" in ${ctx.store.path}.`,
            { context: name, url, api_key: apiKey, organization: org.id },
          );
      }),
    [
      'cflink login --url http://127.0.0.1:8080 --api-key CFLINKLOCALADMIN   # asks for the secret',
      'CFLINK_API_SECRET=... cflink login --api-key KEY --context prod --url https://cflink.example.com',
    ],
  );

  const context = program.command('context').description('Manage contexts: saved API URLs, credentials and defaults.');
  const fields = [
    { key: 'is_current', title: 'Current' },
    { key: 'name', title: 'Name' },
    { key: 'url', title: 'URL' },
    { key: 'api_key', title: 'API Key' },
    { key: 'environment', title: 'Environment' },
    { key: 'compute_pool', title: 'Compute Pool' },
  ];

  examples(
    context
      .command('list')
      .description('List contexts (never their secrets).')
      .action((_opts, cmd: Command) => {
        const config = ctx.store.read();
        ctx.printer(cmd).list(
          fields,
          Object.entries(config.contexts).map(([name, p]) => ({
            is_current: name === config.current_context,
            name,
            url: p.url,
            api_key: p.api_key,
            environment: p.environment ?? null,
            compute_pool: p.compute_pool ?? null,
          })),
        );
      }),
    ['cflink context list', 'cflink context list -o json'],
  );

  examples(
    context
      .command('use <name>')
      .description('Make a context the current one.')
      .action((name: string, _opts, cmd: Command) => {
        ctx.store.update((config) => {
          if (!config.contexts[name]) throw new UsageError(`No context named "${name}".`);
          config.current_context = name;
        });
        ctx.printer(cmd).message(`Using context "${name}".`, { context: name });
      }),
    ['cflink context use prod'],
  );

  examples(
    context
      .command('create <name>')
      .description('Save a context without checking it (see `cflink login` to check first).')
      .requiredOption('--url <url>', 'the API URL')
      .requiredOption('--api-key <key>', 'API key')
      .option('--api-secret <secret>', 'API secret (default: $CFLINK_API_SECRET, else asked for)')
      .option('--environment <env-id>', 'default environment')
      .option('--compute-pool <id>', 'default compute pool')
      .action(
        async (
          name: string,
          opts: { url: string; apiKey: string; apiSecret?: string; environment?: string; computePool?: string },
          cmd: Command,
        ) => {
          const apiSecret =
            opts.apiSecret ?? ctx.runtime.env.CFLINK_API_SECRET ?? (await promptSecret(ctx.runtime, 'API secret: '));
          ctx.store.update((config) => {
            if (config.contexts[name])
              throw new UsageError(`Context "${name}" exists: delete it first or use \`cflink login\`.`);
            config.contexts[name] = {
              url: opts.url.replace(/\/+$/, ''),
              api_key: opts.apiKey,
              api_secret: apiSecret,
              ...(opts.environment ? { environment: opts.environment } : {}),
              ...(opts.computePool ? { compute_pool: opts.computePool } : {}),
            };
            config.current_context ??= name;
          });
          ctx.printer(cmd).message(`Created context "${name}".`, { context: name });
        },
      ),
    ['cflink context create staging --url https://staging.example.com --api-key KEY --environment env-a1b2c3'],
  );

  examples(
    context
      .command('delete <name>')
      .description('Delete a context.')
      .action((name: string, _opts, cmd: Command) => {
        ctx.store.update((config) => {
          if (!config.contexts[name]) throw new UsageError(`No context named "${name}".`);
          delete config.contexts[name];
          if (config.current_context === name) delete config.current_context;
        });
        ctx.printer(cmd).message(`Deleted context "${name}".`, { context: name, deleted: true });
      }),
    ['cflink context delete staging'],
  );
}
