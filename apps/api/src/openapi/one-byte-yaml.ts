import { parse } from 'yaml';

/** Stands for a character beyond Latin-1 (and for itself) while the text is parsed: ¤<hex>; */
const MARK = '\u00a4';
const WIDE = /[\u00a4\u0100-\uffff]/g;
const MARKED = /\u00a4([0-9a-f]+);/g;

const unmark = (s: string) =>
  s.includes(MARK) ? s.replace(MARKED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;

function restore(value: unknown): unknown {
  if (typeof value === 'string') return unmark(value);
  if (Array.isArray(value)) return value.map(restore);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[unmark(key)] = restore(v);
  return out;
}

/**
 * `yaml.parse(text)`, with every string one-byte (Latin-1) in V8 wherever its characters allow.
 * The parser slices its source, so from a text holding one character beyond Latin-1 (a `…` in a
 * description) every key and value it returns is a UTF-16 string; and V8 interns a property
 * name once, in the spelling it first meets. The API reads its OpenAPI document before any
 * handler runs, so the handlers' `api_version`, `page_size`, … became UTF-16 too, and so did
 * every response JSON.stringify wrote with them: twice the memory, and a UTF-16 → UTF-8
 * transcoding to measure and write the body (a third of the CPU of a page of 100 statements).
 * Parsing a Latin-1 rendering of the text (each wider character, and the mark itself, written
 * `¤<hex>;`) and putting the characters back in the few strings that had them avoids it.
 */
export function parseYamlOneByte(text: string): unknown {
  const marked = text.replace(WIDE, (c) => `${MARK}${c.charCodeAt(0).toString(16)};`);
  // Still UTF-16 (replace keeps its subject's width): re-read as Latin-1, which it now is.
  return restore(parse(Buffer.from(marked, 'latin1').toString('latin1')));
}
