import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import {
  formatProblems,
  planApply,
  planDestroy,
  planJson,
  principalId,
  renderPlan,
  resolveIds,
  stackJsonSchema,
  type LiveState,
  type Plan,
  type Stack,
  type Statefulness,
} from '#domain';
import type { Client } from './api';
import { execute, ExecutionFailure } from './executor';
import { explainStatefulness } from './explain';
import { organizationOf, readLiveState } from './live';
import { readStack } from './load-files';

/** What the declarative commands need from the CLI: a client for the active profile. */
export interface DeclarativeContext {
  client(): Client | Promise<Client>;
}

/** Exit codes: plan's are terraform's -detailed-exitcode. */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;

interface CommonOptions {
  file: string;
  stage?: string;
  var: string[];
  output: 'human' | 'json';
}

function collectVar(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function withCommonOptions(command: Command): Command {
  return command
    .requiredOption('-f, --file <path>', 'the stack: a YAML file, or a directory of them')
    .option('--stage <name>', 'use the variable values of this stage (stages: in the stack)')
    .option('--var <name=value>', 'set a variable (repeatable; overrides the stage)', collectVar, []);
}

function parseVars(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((p) => {
      const eq = p.indexOf('=');
      if (eq < 1) throw new Error(`--var ${p}: expected name=value`);
      return [p.slice(0, eq), p.slice(eq + 1)];
    }),
  );
}

/** Progress goes to stderr when stdout carries JSON, so scripts can parse stdout. */
function progressStream(options: CommonOptions): (line: string) => void {
  return options.output === 'json' ? (l) => process.stderr.write(`${l}\n`) : (l) => process.stdout.write(`${l}\n`);
}

interface Loaded {
  stack: Stack;
  client: Client;
  organizationId: string;
  live: LiveState;
}

async function load(ctx: DeclarativeContext, options: CommonOptions): Promise<Loaded | null> {
  const verdict = await readStack(options.file, { stage: options.stage, variables: parseVars(options.var) });
  if (!verdict.ok) {
    process.stderr.write(`The stack is not valid:\n${formatProblems(verdict.problems)}\n`);
    return null;
  }
  const client = await ctx.client();
  const org = await organizationOf(client);
  const live = await readLiveState(client, verdict.stack, org);
  return { stack: verdict.stack, client, organizationId: org.id, live };
}

/** Plans, asking Flink for the plans of the new SQL a statement decision depends on. */
async function makePlan(loaded: Loaded, prune: boolean, timeoutMs: number, out: (l: string) => void): Promise<Plan> {
  const first = planApply(loaded.stack, loaded.live, { prune });
  if (!first.needsPlan.length) return first;
  const ids = resolveIds(loaded.stack, loaded.live);
  const statefulness: Record<string, Statefulness> = {};
  for (const name of first.needsPlan) {
    const st = loaded.stack.statements[name];
    out(`Asking Flink whether the new SQL of ${name} keeps state…`);
    statefulness[name] = await explainStatefulness(
      {
        client: loaded.client,
        organizationId: loaded.organizationId,
        environmentId: ids.environment(st.environment)!,
        timeoutMs,
        wait: true,
        progress: () => undefined,
      },
      name,
      st.sql,
      ids.computePool(st.compute_pool),
      st.principal === undefined ? undefined : principalId(st.principal, ids),
    );
  }
  return planApply(loaded.stack, loaded.live, { prune, statefulness });
}

function print(plan: Plan, options: CommonOptions): void {
  if (options.output === 'json') process.stdout.write(`${JSON.stringify(planJson(plan), null, 2)}\n`);
  else process.stdout.write(`${renderPlan(plan)}\n`);
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new Error('Refusing to change anything without confirmation: stdin is not a terminal; pass --auto-approve.');
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`${question} Only 'yes' is accepted: `)).trim() === 'yes';
  } finally {
    rl.close();
  }
}

async function run(
  loaded: Loaded,
  plan: Plan,
  options: CommonOptions & { autoApprove?: boolean; timeout: string; wait: boolean },
  verb: string,
): Promise<number> {
  const out = progressStream(options);
  print(plan, options);
  if (plan.refusals.length) return EXIT.error;
  if (!plan.actions.length) return EXIT.ok;
  if (!options.autoApprove && !(await confirm(`${verb} ${plan.actions.length} change(s) to stack ${plan.stack}?`))) {
    out('Cancelled: nothing was changed.');
    return EXIT.error;
  }
  try {
    await execute(
      {
        client: loaded.client,
        organizationId: loaded.organizationId,
        stack: loaded.stack,
        live: loaded.live,
        timeoutMs: timeoutMs(options.timeout),
        wait: options.wait,
        baseDir: dirname(resolve(options.file)),
        out,
      },
      plan.actions,
    );
  } catch (e) {
    if (!(e instanceof ExecutionFailure)) throw e;
    process.stderr.write(
      [
        `${verb} failed at: ${e.failed.op} ${e.failed.kind} ${e.failed.key}: ${e.error.message}`,
        `Done before it (${e.done.length}): ${e.done.map((a) => `${a.op} ${a.kind} ${a.key}`).join(', ') || 'nothing'}`,
        `Not started (${e.remaining.length}): ${e.remaining.map((a) => `${a.op} ${a.kind} ${a.key}`).join(', ') || 'nothing'}`,
        'Run plan again to see what is left.',
      ].join('\n') + '\n',
    );
    return EXIT.error;
  }
  out(`${verb} complete: ${plan.actions.length} change(s) made.`);
  return EXIT.ok;
}

function timeoutMs(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`--timeout ${value}: expected a number of seconds`);
  return seconds * 1000;
}

/** Runs a command body, turning errors into a message on stderr and exit code 1. */
function action<T extends unknown[]>(body: (...args: T) => Promise<number>): (...args: T) => Promise<void> {
  return async (...args: T) => {
    try {
      // `-o` is the program's global option: read it from there into the command's options.
      const command = args[args.length - 1] as Command;
      const output = (command.optsWithGlobals() as { output?: string }).output ?? 'human';
      if (output !== 'human' && output !== 'json')
        throw new Error(`-o ${output}: plan, apply and destroy print human or json`);
      (args[0] as { output?: string }).output = output;
      process.exitCode = await body(...args);
    } catch (e) {
      process.stderr.write(`Error: ${(e as Error).message}\n`);
      process.exitCode = EXIT.error;
    }
  };
}

/** Adds `plan`, `apply`, `destroy` and `stack schema` to the program. */
export function registerDeclarativeCommands(program: Command, ctx: DeclarativeContext): void {
  withCommonOptions(program.command('plan'))
    .description('Show what apply would change: exit 0 when nothing, 2 when something, 1 on errors or refused changes')
    .option('--prune', "also delete the stack's statements the file no longer names")
    .option('--timeout <seconds>', 'longest wait for Flink to plan a changed statement', '120')
    .addHelpText('after', '\nExamples:\n  $ cflink plan -f stack.yaml\n  $ cflink plan -f stacks/ --stage prod -o json')
    .action(
      action(async (options: CommonOptions & { prune?: boolean; timeout: string }) => {
        const loaded = await load(ctx, options);
        if (!loaded) return EXIT.error;
        const plan = await makePlan(loaded, !!options.prune, timeoutMs(options.timeout), progressStream(options));
        print(plan, options);
        if (plan.refusals.length) return EXIT.error;
        return plan.actions.length ? EXIT.changes : EXIT.ok;
      }),
    );

  withCommonOptions(program.command('apply'))
    .description('Make the server match the stack, in dependency order, waiting for statements to settle')
    .option('--prune', "also delete the stack's statements the file no longer names")
    .option('--auto-approve', 'do not ask for confirmation')
    .option('--timeout <seconds>', 'longest wait for one statement to settle', '300')
    .option('--no-wait', 'do not wait for new or resumed statements to run')
    .addHelpText(
      'after',
      '\nExamples:\n  $ cflink apply -f stack.yaml\n  $ cflink apply -f stack.yaml --stage prod --auto-approve',
    )
    .action(
      action(
        async (options: CommonOptions & { prune?: boolean; autoApprove?: boolean; timeout: string; wait: boolean }) => {
          const loaded = await load(ctx, options);
          if (!loaded) return EXIT.error;
          const plan = await makePlan(loaded, !!options.prune, timeoutMs(options.timeout), progressStream(options));
          return run(loaded, plan, options, 'Apply');
        },
      ),
    );

  withCommonOptions(program.command('destroy'))
    .description('Delete everything the stack declares, statements first and environments last')
    .option('--auto-approve', 'do not ask for confirmation')
    .option('--timeout <seconds>', 'longest wait for one statement to be deleted', '300')
    .addHelpText('after', '\nExample:\n  $ cflink destroy -f stack.yaml --auto-approve')
    .action(
      action(async (options: CommonOptions & { autoApprove?: boolean; timeout: string }) => {
        const loaded = await load(ctx, options);
        if (!loaded) return EXIT.error;
        return run(loaded, planDestroy(loaded.stack, loaded.live), { ...options, wait: true }, 'Destroy');
      }),
    );

  program
    .command('stack')
    .description('About stack files')
    .command('schema')
    .description('Print the JSON Schema of stack files (for editors)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(stackJsonSchema(), null, 2)}\n`);
    });
}
