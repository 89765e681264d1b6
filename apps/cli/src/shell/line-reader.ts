/**
 * Lines typed into the shell, with line editing and history on a terminal. Lines that arrive
 * together (a paste) are queued, so none is lost while a statement runs; on a terminal the
 * readline interface is closed while a statement runs, so its keys reach the results view.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Runtime } from '../context';

export const INTERRUPTED = Symbol('interrupted');
type Item = string | null | typeof INTERRUPTED;

export class LineReader {
  private rl?: Interface;
  private readonly queue: Item[] = [];
  private waiter?: (item: Item) => void;
  private ended = false;
  private history: string[];

  constructor(
    private readonly runtime: Runtime,
    private readonly historyFile: string,
  ) {
    this.history = this.loadHistory();
  }

  private get tty(): boolean {
    return this.runtime.stdin.isTTY === true;
  }

  read(prompt: string): Promise<Item> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve(null);
    const rl = this.open();
    rl.setPrompt(this.tty ? prompt : '');
    if (this.tty) rl.prompt();
    return new Promise((resolve) => (this.waiter = resolve));
  }

  /** Before a statement runs: give the terminal's keys to it (lines already typed stay queued). */
  suspend(): void {
    if (!this.tty || !this.rl) return;
    const rl = this.rl;
    this.rl = undefined;
    rl.close();
  }

  close(): void {
    this.ended = true;
    this.rl?.close();
    this.rl = undefined;
  }

  private open(): Interface {
    if (this.rl) return this.rl;
    const rl = createInterface({
      input: this.runtime.stdin,
      output: this.tty ? (this.runtime.stdout as NodeJS.WritableStream) : undefined,
      terminal: this.tty,
      history: [...this.history],
      historySize: 1000,
      removeHistoryDuplicates: true,
    });
    rl.on('line', (line) => this.push(line));
    rl.on('SIGINT', () => {
      this.runtime.stdout.write('^C\n');
      this.push(INTERRUPTED);
    });
    rl.on('history', (history: string[]) => {
      this.history = history;
      this.saveHistory();
    });
    rl.on('close', () => {
      // Closed by Ctrl-D or the end of piped input, not by suspend().
      if (this.rl === rl) {
        this.rl = undefined;
        this.ended = true;
        this.push(null);
      }
    });
    this.rl = rl;
    return rl;
  }

  private push(item: Item): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter(item);
    else this.queue.push(item);
  }

  private loadHistory(): string[] {
    try {
      return readFileSync(this.historyFile, 'utf8').split('\n').filter(Boolean).reverse();
    } catch {
      return [];
    }
  }

  private saveHistory(): void {
    try {
      mkdirSync(dirname(this.historyFile), { recursive: true, mode: 0o700 });
      writeFileSync(this.historyFile, `${[...this.history].reverse().join('\n')}\n`, { mode: 0o600 });
    } catch {
      // History is a convenience; a read-only home must not stop the shell.
    }
  }
}
