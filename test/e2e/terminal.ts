/** A real terminal for tests: tmux, on a server (socket) of the test's own. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { until } from '../engine/until';

const run = promisify(execFile);

/** One tmux server of this test's own (its own socket), one window of 120×30. */
export class Terminal {
  private readonly socket: string;

  constructor(name = 'cli') {
    this.socket = `cflink-${name}-test-${process.pid}`;
  }

  async start(command: string): Promise<void> {
    await this.tmux('new-session', '-d', '-s', 'cli', '-x', '120', '-y', '30', command);
  }

  tmux(...args: string[]) {
    return run('tmux', ['-L', this.socket, ...args]);
  }

  async keys(...keys: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', 'cli', ...keys);
  }

  async type(line: string): Promise<void> {
    // tmux reads an argument's trailing `;` as a command separator; `\;` is a literal one.
    const text = line.endsWith(';') ? line.slice(0, -1) : line;
    if (text) await this.tmux('send-keys', '-t', 'cli', '-l', text);
    if (text !== line) await this.tmux('send-keys', '-t', 'cli', '-l', '\\;');
    await this.keys('Enter');
  }

  async screen(): Promise<string> {
    return (await this.tmux('capture-pane', '-p', '-t', 'cli')).stdout;
  }

  /** Waits until the screen matches `pattern`; fails showing the last screen. */
  async see(pattern: RegExp, timeoutMs = 90_000): Promise<string> {
    let last = '';
    try {
      return await until(
        `screen to show ${pattern}`,
        async () => {
          last = await this.screen();
          return pattern.test(last) ? last : undefined;
        },
        timeoutMs,
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- screen ---\n${last}`);
    }
  }

  async close(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
  }
}
