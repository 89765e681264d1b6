/**
 * `--wait`: polls a resource until its phase settles, showing a spinner with the phase and the
 * time waited when stdout is a terminal (nothing at all otherwise, so pipes get clean output).
 */
import type { Runtime, Terminal } from './context';
import { CliError, EXIT } from './errors';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class Spinner {
  private timer?: NodeJS.Timeout;
  private frame = 0;
  private readonly started = Date.now();
  private text = '';

  constructor(private readonly out: Terminal) {}

  get active(): boolean {
    return this.out.isTTY === true;
  }

  start(text: string): this {
    this.text = text;
    if (this.active) {
      this.draw();
      this.timer = setInterval(() => this.draw(), 100);
    }
    return this;
  }

  update(text: string): void {
    this.text = text;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.active) this.out.write('\r\x1b[2K');
  }

  private draw(): void {
    const seconds = Math.floor((Date.now() - this.started) / 1000);
    this.out.write(`\r\x1b[2K${FRAMES[this.frame++ % FRAMES.length]} ${this.text} (${seconds}s)`);
  }
}

export const GONE = 'GONE';

export interface WaitOptions<T> {
  /** e.g. `statement copy-big`, for the spinner and the timeout message. */
  what: string;
  /** Reads the resource; undefined once it is gone (404). */
  read: () => Promise<T | undefined>;
  phase: (item: T) => string;
  /** Whether to stop waiting at this phase (GONE once the resource is gone). */
  settled: (phase: string) => boolean;
  timeoutMs: number;
  intervalMs?: number;
}

export async function waitForPhase<T>(runtime: Runtime, options: WaitOptions<T>): Promise<T | undefined> {
  const spinner = new Spinner(runtime.stdout).start(`Waiting for ${options.what}`);
  const deadline = Date.now() + options.timeoutMs;
  try {
    for (;;) {
      const item = await options.read();
      const phase = item === undefined ? GONE : options.phase(item);
      spinner.update(`${options.what}: ${phase}`);
      if (options.settled(phase)) return item;
      if (Date.now() >= deadline) {
        throw new CliError(
          `Gave up waiting for ${options.what} after ${Math.round(options.timeoutMs / 1000)}s; it is ${phase}.`,
          EXIT.TIMEOUT,
        );
      }
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
    }
  } finally {
    spinner.stop();
  }
}
