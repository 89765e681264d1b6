/**
 * Keys while a statement runs: on a terminal, stdin in raw mode (Ctrl-C arrives as a key, the
 * others scroll the results); without one, Ctrl-C arrives as SIGINT.
 */
import type { Runtime } from '../context';

export type Key = 'interrupt' | 'quit' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

const SEQUENCES: Record<string, Key> = {
  '\u0003': 'interrupt',
  q: 'quit',
  Q: 'quit',
  '\u001b[A': 'up',
  k: 'up',
  '\u001b[B': 'down',
  j: 'down',
  '\u001b[5~': 'pageUp',
  b: 'pageUp',
  '\u001b[6~': 'pageDown',
  ' ': 'pageDown',
  '\u001b[H': 'home',
  '\u001b[1~': 'home',
  g: 'home',
  '\u001b[F': 'end',
  '\u001b[4~': 'end',
  G: 'end',
};

/** The keys in one chunk of raw input. */
export function decodeKeys(chunk: string): Key[] {
  const keys: Key[] = [];
  let i = 0;
  while (i < chunk.length) {
    const seq = Object.keys(SEQUENCES)
      .filter((s) => chunk.startsWith(s, i))
      .sort((a, b) => b.length - a.length)[0];
    if (seq) {
      keys.push(SEQUENCES[seq]);
      i += seq.length;
    } else {
      i++;
    }
  }
  return keys;
}

export class KeyListener {
  private readonly handlers: ((key: Key) => void)[] = [];
  private readonly onData = (chunk: Buffer) => decodeKeys(chunk.toString('utf8')).forEach((k) => this.emit(k));
  private readonly onSigint = () => this.emit('interrupt');

  constructor(private readonly runtime: Runtime) {}

  get raw(): boolean {
    return this.runtime.stdin.isTTY === true && typeof this.runtime.stdin.setRawMode === 'function';
  }

  start(handler: (key: Key) => void): void {
    this.handlers.push(handler);
    if (this.handlers.length > 1) return;
    if (this.raw) {
      this.runtime.stdin.setRawMode!(true);
      this.runtime.stdin.on('data', this.onData);
      this.runtime.stdin.resume();
    } else {
      process.on('SIGINT', this.onSigint);
    }
  }

  stop(): void {
    this.handlers.length = 0;
    if (this.raw) {
      this.runtime.stdin.removeListener('data', this.onData);
      this.runtime.stdin.setRawMode!(false);
      this.runtime.stdin.pause();
    } else {
      process.removeListener('SIGINT', this.onSigint);
    }
  }

  private emit(key: Key): void {
    for (const h of this.handlers) h(key);
  }
}
