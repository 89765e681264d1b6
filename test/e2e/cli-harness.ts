/**
 * Runs the built `cflink` CLI as a child process, as a user would, with a config folder of its
 * own (XDG_CONFIG_HOME) and only the environment variables a test gives it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** dist/apps/cli/src/main.js, next to this file's compiled folder. */
export const CLI_MAIN = resolve(__dirname, '../../apps/cli/src/main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class CliRunner {
  readonly home = mkdtempSync(join(tmpdir(), 'cflink-cli-'));
  readonly configHome = join(this.home, 'config');

  constructor(private readonly env: Record<string, string> = {}) {}

  get configFile(): string {
    return join(this.configHome, 'cflink', 'config.json');
  }

  /** A shell command line running the CLI with this runner's environment only (for a terminal). */
  commandLine(args: string[], env: Record<string, string> = {}): string {
    const vars = {
      PATH: process.env.PATH ?? '',
      HOME: this.home,
      XDG_CONFIG_HOME: this.configHome,
      ...this.env,
      ...env,
    };
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const assignments = Object.entries(vars).map(([k, v]) => `${k}=${quote(v)}`);
    return ['env', '-i', ...assignments, process.execPath, CLI_MAIN, ...args.map(quote)].join(' ');
  }

  /** Runs the CLI; `input` is its stdin (a pipe, so no terminal), closed when written. */
  run(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
    return new Promise((done) => {
      const child = execFile(
        process.execPath,
        [CLI_MAIN, ...args],
        {
          env: { PATH: process.env.PATH ?? '', HOME: this.home, XDG_CONFIG_HOME: this.configHome, ...this.env, ...env },
          timeout: 120_000,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          done({ code, stdout, stderr });
        },
      );
      child.stdin?.end(input ?? '');
    });
  }

  /** Runs with `-o json`, expects exit 0 and returns the parsed output. */
  async json<T = Record<string, unknown>>(args: string[], env: Record<string, string> = {}): Promise<T> {
    const r = await this.run([...args, '-o', 'json'], env);
    if (r.code !== 0) throw new Error(`cflink ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }
}
