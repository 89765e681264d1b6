/**
 * Splits what was typed into the shell into complete statements, each ended by a `;` outside
 * string literals, quoted identifiers and comments; the unfinished rest waits for more lines.
 */
import { tokenize } from '#domain';

export interface Split {
  /** Complete statements, without their `;`, trimmed; ones with nothing but comments are dropped. */
  statements: string[];
  /** Text after the last `;`, still open (maybe inside a quote or comment). */
  rest: string;
}

export function splitStatements(text: string): Split {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "'" || ch === '`' || ch === '"') {
      const close = closingQuote(text, i);
      if (close < 0) break;
      i = close + 1;
    } else if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl + 1;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) break;
      i = close + 2;
    } else if (ch === ';') {
      const statement = text.slice(start, i).trim();
      if (statement && tokenize(statement).length > 0) statements.push(statement);
      start = ++i;
    } else {
      i++;
    }
  }
  return { statements, rest: text.slice(start).trimStart() };
}

/** Index of the quote closing the one at `open` (a doubled quote is an escaped one); -1 if open. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] !== quote) continue;
    if (text[i + 1] === quote) {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}
