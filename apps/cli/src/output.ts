/**
 * Output in the three formats of `-o`: `human` (tables that fit the terminal), `json` and `yaml`
 * (the same records with their raw values, keys in a fixed order, for scripts).
 */
import YAML from 'yaml';

export const OUTPUT_FORMATS = ['human', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** One field of a record: its key in json/yaml and its heading in human output. */
export interface Field {
  key: string;
  title: string;
}

export type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };
export type Row = Record<string, Value>;

/** How a value reads in a table cell: one line, objects as compact JSON, nothing for null. */
export function cellText(value: Value): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value).replace(/\s*\n\s*/g, ' ');
}

const chars = (s: string) => [...s].length;

function fit(text: string, width: number): string {
  const cps = [...text];
  if (cps.length <= width) return text + ' '.repeat(width - cps.length);
  return width <= 1 ? cps.slice(0, width).join('') : cps.slice(0, width - 1).join('') + '…';
}

/**
 * Column widths for `maxWidth`: the natural widths when they fit, otherwise the widest columns
 * give up characters first, each keeping at least its heading or 6 characters.
 */
export function columnWidths(natural: number[], minimum: number[], maxWidth: number, gap = 2): number[] {
  const widths = [...natural];
  let excess = widths.reduce((a, b) => a + b, 0) + gap * Math.max(0, widths.length - 1) - maxWidth;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (widths[i] > minimum[i] && (widest < 0 || widths[i] > widths[widest])) widest = i;
    }
    if (widest < 0) break;
    widths[widest]--;
    excess--;
  }
  return widths;
}

/** A table: upper-case headings, columns two spaces apart, cut with … to fit `maxWidth`. */
export function formatTable(headings: string[], rows: string[][], maxWidth = Infinity): string {
  const natural = headings.map((h, i) => Math.max(chars(h), ...rows.map((r) => chars(r[i] ?? ''))));
  const minimum = headings.map((h, i) => Math.min(natural[i], Math.max(chars(h), 6)));
  const widths = columnWidths(natural, minimum, maxWidth);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => fit(c ?? '', widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headings.map((h) => h.toUpperCase())), ...rows.map(line)].join('\n');
}

/** A record as `Title  value` lines; long values wrap under themselves instead of being cut. */
export function formatRecord(pairs: [string, string][], maxWidth = Infinity): string {
  const titleWidth = Math.max(...pairs.map(([t]) => chars(t)));
  const valueWidth = Math.max(20, maxWidth - titleWidth - 2);
  const out: string[] = [];
  for (const [title, value] of pairs) {
    const cps = [...value];
    const pieces: string[] = [];
    for (let i = 0; i < cps.length || pieces.length === 0; i += valueWidth)
      pieces.push(cps.slice(i, i + valueWidth).join(''));
    pieces.forEach((p, i) => out.push(`${i === 0 ? fit(title, titleWidth) : ' '.repeat(titleWidth)}  ${p}`.trimEnd()));
  }
  return out.join('\n');
}

function pick(fields: Field[], row: Row): Row {
  const out: Row = {};
  for (const f of fields) out[f.key] = row[f.key] ?? null;
  return out;
}

export class Printer {
  constructor(
    readonly format: OutputFormat,
    private readonly out: { write(text: string): unknown; columns?: number; isTTY?: boolean },
  ) {}

  /** The terminal's width, or no limit when output goes to a file or pipe. */
  get width(): number {
    return this.out.isTTY && this.out.columns ? this.out.columns : Infinity;
  }

  list(fields: Field[], rows: Row[]): void {
    if (this.format !== 'human') return this.structured(rows.map((r) => pick(fields, r)));
    if (rows.length === 0) return this.line('None found.');
    const table = formatTable(
      fields.map((f) => f.title),
      rows.map((r) => fields.map((f) => cellText(r[f.key]))),
      this.width,
    );
    this.line(table);
  }

  item(fields: Field[], row: Row): void {
    if (this.format !== 'human') return this.structured(pick(fields, row));
    this.line(
      formatRecord(
        fields.map((f) => [f.title, cellText(row[f.key])]),
        this.width,
      ),
    );
  }

  /** A document as the API served it (json/yaml only: e.g. a billing report or metric points). */
  document(value: Value): void {
    this.structured(value);
  }

  /** A sentence for humans; json/yaml print `data` instead (or nothing when there is none). */
  message(text: string, data?: Row): void {
    if (this.format === 'human') this.line(text);
    else if (data) this.structured(data);
  }

  line(text: string): void {
    this.out.write(`${text}\n`);
  }

  private structured(value: Value): void {
    this.out.write(this.format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : YAML.stringify(value));
  }
}
