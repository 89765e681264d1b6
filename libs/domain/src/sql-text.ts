/**
 * The one scanner of SQL text: splits a statement into the tokens Flink's parser sees, dropping
 * whitespace and comments (`-- …`, and `/* … *\/`, which includes `/*+ … *\/` hints: hints are
 * judged from Flink's plan, never from the text). Decisions about what a statement is are made on
 * these tokens, so comments, quoting and case cannot disguise a keyword.
 */
export type SqlToken =
  /** A bare word: keyword or unquoted identifier; `upper` is for keyword comparison. */
  | { type: 'word'; text: string; upper: string; at: number }
  /** A back-quoted identifier, unescaped. */
  | { type: 'quoted'; text: string; at: number }
  /** A string literal, unescaped. */
  | { type: 'string'; text: string; at: number }
  | { type: 'number'; text: string; at: number }
  /** Any other character: ( ) , . ; = * and the rest. */
  | { type: 'symbol'; text: string; at: number };

export class SqlTextError extends Error {}

/** Reads `'…'` or `` `…` `` starting at `start` (a doubled quote is one quote). */
function quotedAt(sql: string, start: number): { text: string; end: number } {
  const quote = sql[start];
  let text = '';
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        text += quote;
        i += 2;
        continue;
      }
      return { text, end: i + 1 };
    }
    text += sql[i++];
  }
  throw new SqlTextError(`Unterminated ${quote === "'" ? 'string literal' : 'quoted identifier'}.`);
}

export function tokenize(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (sql.startsWith('/*', i)) {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw new SqlTextError('Unterminated comment.');
      i = close + 2;
    } else if (ch === "'" || ch === '`') {
      const q = quotedAt(sql, i);
      tokens.push({ type: ch === "'" ? 'string' : 'quoted', text: q.text, at: i });
      i = q.end;
    } else if (/[A-Za-z_$]/.test(ch)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(sql.slice(i))!;
      tokens.push({ type: 'word', text: m[0], upper: m[0].toUpperCase(), at: i });
      i += m[0].length;
    } else if (/[0-9]/.test(ch)) {
      const m = /^[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?/.exec(sql.slice(i))!;
      tokens.push({ type: 'number', text: m[0], at: i });
      i += m[0].length;
    } else {
      tokens.push({ type: 'symbol', text: ch, at: i });
      i++;
    }
  }
  return tokens;
}

/** Whether `tokens[i…]` are the given keywords (bare words, any case). */
export function keywordsAt(tokens: readonly SqlToken[], i: number, ...words: string[]): boolean {
  return words.every((w, k) => {
    const t = tokens[i + k];
    return t?.type === 'word' && t.upper === w;
  });
}

/** Reads a 1–3 part name (`a`, `a.b`, `` `a`.`b`.c ``) at `tokens[i]`; null when there is none. */
export function nameAt(tokens: readonly SqlToken[], i: number): { name: string[]; next: number } | null {
  const name: string[] = [];
  let k = i;
  for (;;) {
    const t = tokens[k];
    if (!t || (t.type !== 'word' && t.type !== 'quoted')) return name.length ? { name, next: k - 1 } : null;
    name.push(t.text);
    k++;
    if (name.length === 3 || tokens[k]?.type !== 'symbol' || tokens[k].text !== '.') return { name, next: k };
    k++;
  }
}

/** Index of the first bare keyword `word` outside parentheses at or after `from`; -1 if none. */
export function topLevelKeyword(tokens: readonly SqlToken[], from: number, word: string): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'symbol' && t.text === '(') depth++;
    else if (t.type === 'symbol' && t.text === ')') depth--;
    else if (depth === 0 && t.type === 'word' && t.upper === word) return i;
  }
  return -1;
}

/**
 * Where the query of `CREATE TABLE name … AS <query>` starts: the first bare AS outside
 * parentheses after the name (`nameEnd`), since a computed column's AS is inside the column
 * list. -1 for a plain CREATE TABLE.
 */
export function createTableAsKeyword(tokens: readonly SqlToken[], nameEnd: number): number {
  return topLevelKeyword(tokens, nameEnd, 'AS');
}

/** A SQL string literal of `value` (quotes doubled). */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `'k' = 'v'` pairs, as in a WITH or SET clause. */
export function sqlOptionPairs(options: Readonly<Record<string, string>>, separator = ', '): string {
  return Object.entries(options)
    .map(([k, v]) => `${sqlString(k)} = ${sqlString(v)}`)
    .join(separator);
}
