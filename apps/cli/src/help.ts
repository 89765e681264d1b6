import { Option, type Command } from 'commander';
import { UsageError } from './errors';
import type { Runtime } from './context';
import { createInterface } from 'node:readline/promises';

const EXAMPLES = new WeakMap<Command, string[]>();

/** Adds an "Examples:" section to a command's --help. */
export function examples(command: Command, lines: string[]): Command {
  EXAMPLES.set(command, lines);
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
}

/** The first example of every command under `command` that has its own. */
function leafExamples(command: Command): string[] {
  return command.commands.flatMap((c) => (EXAMPLES.has(c) ? [EXAMPLES.get(c)![0]] : leafExamples(c)));
}

/** Gives each command group (`flink`, `flink statement`, …) the first example of each of its commands. */
export function groupExamples(command: Command): void {
  for (const sub of command.commands) {
    if (sub.commands.length === 0) continue;
    groupExamples(sub);
    if (!EXAMPLES.has(sub)) examples(sub, leafExamples(sub).slice(0, 8));
  }
}

/**
 * Asks before something destructive. Without a terminal to ask on, the caller must pass --force,
 * so a script never deletes by accident.
 */
export async function confirm(runtime: Runtime, question: string, force: boolean | undefined): Promise<void> {
  if (force) return;
  if (!runtime.stdin.isTTY) throw new UsageError(`${question} Pass --force to confirm without a terminal.`);
  const rl = createInterface({ input: runtime.stdin, output: runtime.stderr as NodeJS.WritableStream });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new UsageError('Cancelled.');
}

/** Parses `--max-cfu` and other whole-number flags. */
export function integer(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number, not "${value}".`);
    return Number(value);
  };
}

/** Parses `true`/`false` flags such as `--stopped=false`. */
export function boolean(name: string) {
  return (value: string): boolean => {
    if (value !== 'true' && value !== 'false') throw new UsageError(`${name} must be true or false, not "${value}".`);
    return value === 'true';
  };
}

/** Parses durations such as `90s`, `10m`, `1h` (a bare number is seconds) into milliseconds. */
export function duration(value: string): number {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new UsageError(`"${value}" is not a duration: use e.g. 30s, 10m or 1h.`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

/** `--timeout` of the commands that take `--wait`. */
export function timeoutOption(): Option {
  return new Option('--timeout <duration>', 'how long --wait waits, e.g. 90s, 10m, 1h')
    .argParser(duration)
    .default(600_000, '10m');
}
