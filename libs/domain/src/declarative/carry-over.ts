import { MAX_BUCKETS } from '../table-options';
import { nameAt, tokenize, type SqlToken } from '../sql-text';

/**
 * Carry-over offsets: the new version of a stateless statement reads each table from where the
 * old version stopped. The old version's `status.latest_offsets` holds, per table, the last
 * offset it processed in each partition; the new SQL gets a table hint on every scan of such a
 * table that starts it one past that offset (`scan.startup.mode` = `specific-offsets`), the one
 * hint option the API allows for where a scan starts.
 */

const OFFSETS = /^partition:(\d{1,9}),offset:(\d{1,19})(;partition:(\d{1,9}),offset:(\d{1,19}))*$/;
const EXAMPLE_PARTS = ['examples', 'marketplace'];

export type CarryOver = { ok: true; sql: string; tables: string[] } | { ok: false; reason: string };

/**
 * `partition:0,offset:41;…` (last processed) → `partition:0,offset:42;…` (first to read), for
 * partitions 0…partitions-1. A partition the old version read nothing from is absent from its
 * offsets; it starts at 0 (Flink falls back to the earliest offset if that is gone). Listing
 * every partition matters: Flink looks an unlisted one up in a consumer group, which statements
 * do not have, and entries for partitions the topic does not have are ignored.
 */
export function nextOffsets(lastProcessed: string, partitions: number = MAX_BUCKETS): string | null {
  if (!OFFSETS.test(lastProcessed)) return null;
  const next = new Map<number, string>();
  for (const part of lastProcessed.split(';')) {
    const [, p, o] = /^partition:(\d+),offset:(\d+)$/.exec(part)!;
    next.set(Number(p), (BigInt(o) + 1n).toString());
  }
  const count = Math.max(partitions, ...[...next.keys()].map((p) => p + 1));
  return Array.from({ length: count }, (_, p) => `partition:${p},offset:${next.get(p) ?? '0'}`).join(';');
}

/** End (exclusive) of a name token in the source text: bare words end with their text, quoted ones at the closing quote. */
function tokenEnd(sql: string, token: SqlToken): number {
  if (token.type !== 'quoted') return token.at + token.text.length;
  let i = token.at + 1;
  for (;;) {
    if (sql[i] === '`') {
      if (sql[i + 1] === '`') i += 2;
      else return i + 1;
    } else i++;
  }
}

/** The offsets key a scanned name refers to, unless it is a table of the read-only examples catalog. */
function tableOf(name: readonly string[], tables: ReadonlySet<string>): string | undefined {
  const last = name[name.length - 1];
  const qualifiers = name.slice(0, -1);
  if (qualifiers.length && EXAMPLE_PARTS.slice(-qualifiers.length).every((q, i) => q === qualifiers[i]))
    return undefined;
  return tables.has(last) ? last : undefined;
}

/** Whether tokens[i] ends the table name of `INSERT INTO <name>` (a sink, never hinted). */
function isSinkName(tokens: readonly SqlToken[], i: number): boolean {
  let j = i - 1;
  while (tokens[j]?.type === 'symbol' && tokens[j].text === '.' && ['word', 'quoted'].includes(tokens[j - 1]?.type))
    j -= 2;
  const t = tokens[j];
  return t?.type === 'word' && t.upper === 'INTO';
}

const CARRY_OVER_HINT =
  / \/\*\+ OPTIONS\('scan\.startup\.mode'='specific-offsets', 'scan\.startup\.specific-offsets'='partition:\d+,offset:\d+(;partition:\d+,offset:\d+)*'\) \*\//g;

/** The SQL a carried-over statement was declared with: its text without the hints carry-over added. */
export function withoutCarryOverHints(sql: string): string {
  return sql.replace(CARRY_OVER_HINT, '');
}

/** The hint that starts a scan at `offsets`. */
function hint(offsets: string): string {
  return ` /*+ OPTIONS('scan.startup.mode'='specific-offsets', 'scan.startup.specific-offsets'='${offsets}') */`;
}

/**
 * Rewrites `sql` so every scan of a table in `latestOffsets` starts after the old version's last
 * processed offset. Refuses (never guesses) when a table name appears somewhere it cannot hint,
 * or a scan carries a hint of its own.
 */
export function carryOverOffsets(
  sql: string,
  latestOffsets: Readonly<Record<string, string>>,
  partitions: number = MAX_BUCKETS,
): CarryOver {
  const starts = new Map<string, string>();
  for (const [table, value] of Object.entries(latestOffsets)) {
    const next = nextOffsets(value, partitions);
    if (next === null)
      return { ok: false, reason: `latest_offsets of table '${table}' is not partition:N,offset:M;…: '${value}'` };
    starts.set(table, next);
  }
  let tokens: SqlToken[];
  try {
    tokens = tokenize(sql);
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  const names = new Set(starts.keys());
  const inserts: { at: number; table: string }[] = [];
  const scanned = new Set<number>();
  const scanAt = (i: number): number => {
    // A scan: FROM/JOIN <name> [[AS] alias] [, <name> …]; a subquery or table function is not one.
    const name = nameAt(tokens, i);
    if (!name || tokens[name.next]?.text === '(') return i;
    const table = tableOf(name.name, names);
    for (let k = i; k < name.next; k++) scanned.add(k);
    if (table !== undefined) {
      const last = tokens[name.next - 1];
      inserts.push({ at: tokenEnd(sql, last), table });
    }
    let k = name.next;
    if (tokens[k]?.type === 'word' && (tokens[k] as { upper: string }).upper === 'AS') k++;
    if (tokens[k]?.type === 'word' && !RESERVED.has((tokens[k] as { upper: string }).upper)) k++;
    if (tokens[k]?.type === 'symbol' && tokens[k].text === ',') return scanAt(k + 1);
    return k;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'word' && (t.upper === 'FROM' || t.upper === 'JOIN')) scanAt(i + 1);
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if ((t.type === 'word' || t.type === 'quoted') && names.has(t.text) && !scanned.has(i)) {
      const after = tokens[i + 1];
      const qualified = after?.type === 'symbol' && after.text === '.';
      const written = isSinkName(tokens, i);
      if (!qualified && !written) {
        return {
          ok: false,
          reason: `table '${t.text}' appears where no scan hint can be placed (offset ${t.at}); write it as FROM/JOIN ${t.text}`,
        };
      }
    }
  }
  let out = sql;
  for (const { at, table } of [...inserts].sort((a, b) => b.at - a.at)) {
    if (/^\s*\/\*\+/.test(out.slice(at))) {
      return {
        ok: false,
        reason: `the scan of table '${table}' has a hint of its own; carry-over offsets would replace it`,
      };
    }
    out = `${out.slice(0, at)}${hint(starts.get(table)!)}${out.slice(at)}`;
  }
  return { ok: true, sql: out, tables: [...new Set(inserts.map((i) => i.table))].sort() };
}

/** Words that end a FROM item rather than name its alias. */
const RESERVED = new Set([
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'CROSS',
  'ON',
  'USING',
  'WINDOW',
  'FOR',
  'NATURAL',
  'LATERAL',
  'MATCH_RECOGNIZE',
  'END',
]);
