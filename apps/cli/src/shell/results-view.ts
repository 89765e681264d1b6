/**
 * A query's results on screen. On a terminal: a live table on the alternate screen, redrawn as
 * changelog rows arrive, scrollable a line or a page at a time, following the newest rows until
 * scrolled; when the statement ends it stays on screen until left if it does not fit, and is then
 * printed where the prompt was. Without a terminal (or with client.output-format 'plain'): one
 * line per changelog row as it arrives.
 */
import { nextPageToken } from '#client';
import type { Runtime } from '../context';
import { CliError } from '../errors';
import { formatTable } from '../output';
import type { Statements } from '../commands/statement-api';
import { ChangelogTable, valueText, type ResultRow } from './changelog';
import type { Key, KeyListener } from './keys';

const OP_LABEL = ['+I', '-U', '+U', '-D'];

export interface FrameInput {
  title: string;
  columns: string[];
  rows: ResultRow[];
  /** Index of the first row shown. */
  offset: number;
  width: number;
  height: number;
  help: string;
}

/** Rows that fit under the title, heading and help lines. */
export const bodyHeight = (height: number) => Math.max(1, height - 3);

/** One screen: title, table of the visible rows, and the key help, each line within `width`. */
export function renderFrame(f: FrameInput): string[] {
  const visible = f.rows.slice(f.offset, f.offset + bodyHeight(f.height));
  const table = formatTable(
    f.columns,
    visible.map((r) => r.map(valueText)),
    f.width,
  ).split('\n');
  const cut = (s: string) => [...s].slice(0, f.width).join('');
  const shown = f.rows.length ? `rows ${f.offset + 1}–${f.offset + visible.length} of ${f.rows.length}` : 'no rows yet';
  return [
    cut(`${f.title} · ${shown}`),
    ...table,
    ...Array(bodyHeight(f.height) - visible.length).fill(''),
    cut(f.help),
  ];
}

export type Outcome = { ended: 'complete' | 'interrupted' | 'failed'; rows: number };

export class ResultsView {
  private readonly table = new ChangelogTable();
  private offset = 0;
  private follow = true;
  private leave?: 'interrupted' | 'left';
  private complete = false;
  private phase = 'RUNNING';
  private wake?: () => void;

  constructor(
    private readonly runtime: Runtime,
    private readonly statements: Statements,
    private readonly name: string,
    private readonly columns: string[],
    private readonly keys: KeyListener,
    private readonly plain: boolean,
  ) {}

  private get height(): number {
    return this.runtime.stdout.rows ?? 24;
  }

  private get width(): number {
    return this.runtime.stdout.columns ?? 80;
  }

  async show(): Promise<Outcome> {
    const live = !this.plain && this.runtime.stdout.isTTY === true;
    if (live) this.runtime.stdout.write('\u001b[?1049h\u001b[?25l');
    this.keys.start((key) => this.onKey(key));
    let failed: string | undefined;
    try {
      failed = await this.fetchAll(live);
      if (live && !this.leave && !failed && this.table.rows.length > bodyHeight(this.height)) {
        // Complete, but larger than the screen: stay for paging until left.
        this.draw();
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      this.keys.stop();
      if (live) this.runtime.stdout.write('\u001b[?25h\u001b[?1049l');
    }
    if (live) this.printSummary();
    if (failed) throw new CliError(`Statement "${this.name}" FAILED: ${failed}`);
    return {
      ended: this.leave === 'interrupted' || this.leave === 'left' ? 'interrupted' : 'complete',
      rows: this.table.rows.length,
    };
  }

  /** Reads pages until the result is complete or the user leaves; returns a failure detail, if any. */
  private async fetchAll(live: boolean): Promise<string | undefined> {
    let token: string | undefined;
    let lastCheck = Date.now();
    while (!this.leave) {
      const page = await this.statements.results(this.name, token);
      for (const change of page.results.data) {
        this.table.apply(change);
        if (!live)
          this.runtime.stdout.write(`${OP_LABEL[change.op ?? 0]} | ${change.row.map(valueText).join(' | ')}\n`);
      }
      if (this.follow) this.offset = Math.max(0, this.table.rows.length - bodyHeight(this.height));
      token = nextPageToken(page.metadata.next);
      if (!token) {
        this.complete = true;
        this.phase = 'COMPLETED';
        if (live) this.draw();
        return undefined;
      }
      if (Date.now() - lastCheck > 2000) {
        lastCheck = Date.now();
        const s = await this.statements.get(this.name);
        this.phase = s.status.phase;
        if (s.status.phase === 'FAILED' || s.status.phase === 'FAILING') return s.status.detail ?? 'no detail';
      }
      if (live) this.draw();
      if (page.results.data.length === 0) await this.sleep(500);
    }
    return undefined;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(), ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private onKey(key: Key): void {
    const page = bodyHeight(this.height);
    const last = Math.max(0, this.table.rows.length - page);
    if (key === 'interrupt' || key === 'quit') {
      this.leave = key === 'interrupt' ? 'interrupted' : 'left';
      this.wake?.();
      return;
    }
    const moves: Record<string, number> = {
      up: -1,
      down: 1,
      pageUp: -page,
      pageDown: page,
      home: -Infinity,
      end: Infinity,
    };
    this.offset = Math.min(last, Math.max(0, this.offset + moves[key]));
    this.follow = this.offset === last;
    this.draw();
  }

  private draw(): void {
    const status = this.complete ? 'COMPLETED' : this.phase;
    const help = this.complete
      ? '↑↓ PgUp PgDn Home End scroll · q leave'
      : '↑↓ PgUp PgDn Home End scroll · q or Ctrl-C stop the statement';
    const lines = renderFrame({
      title: `${this.name} · ${status}`,
      columns: this.columns,
      rows: this.table.rows,
      offset: this.offset,
      width: this.width,
      height: this.height,
      help,
    });
    this.runtime.stdout.write(`\u001b[H\u001b[2J${lines.join('\r\n')}`);
  }

  /** Back on the main screen: the rows (a screenful at most) and how many there were. */
  private printSummary(): void {
    const limit = bodyHeight(this.height) - 2;
    const rows = this.table.rows.slice(0, limit);
    if (rows.length)
      this.runtime.stdout.write(
        `${formatTable(
          this.columns,
          rows.map((r) => r.map(valueText)),
          this.width,
        )}\n`,
      );
    const more = this.table.rows.length - rows.length;
    this.runtime.stdout.write(
      `${this.table.rows.length} row${this.table.rows.length === 1 ? '' : 's'}${more > 0 ? ` (${more} not shown)` : ''}${this.complete ? '' : ', statement stopped'}.\n`,
    );
  }
}
