import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { serialize } from 'node:v8';
import { parse } from 'yaml';
import { parseYamlOneByte } from './one-byte-yaml';

/** True when V8 holds `s` one byte per character (its serializer tags those strings `"`). */
function isOneByte(s: string): boolean {
  const bytes = serialize(s);
  let i = 2; // after the version header
  while (bytes[i] === 0) i++; // alignment padding
  return bytes[i] === 0x22;
}

/** Every key and string value below `value`, with its path. */
function* strings(value: unknown, path = '$'): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (value !== null && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) {
      yield [`${path} (key)`, key];
      yield* strings(v, `${path}.${key}`);
    }
}

const TEXT = `
plain: a value
"quoted → key": 'single … quoted'
double: "escapes \\u2192 and \\t tab, a mark ¤ and ¤2026; as written"
block: |
  line one — with a dash
  ¤ at the start, 😀 beyond the basic plane
folded: >
  folded … text
list: [one, "tw…o", 3, true, null]
nested: { Ω: { deeper: é } }
`;

describe('parseYamlOneByte', () => {
  it('reads what yaml.parse reads, wide characters, marks and all', () => {
    assert.deepEqual(parseYamlOneByte(TEXT), parse(TEXT));
    const openapi = readFileSync(join(__dirname, '../../../../../openapi/openapi.yaml'), 'utf8');
    assert.match(openapi, /…/, 'the document still holds a character beyond Latin-1 (else this test proves nothing)');
    assert.deepEqual(parseYamlOneByte(openapi), parse(openapi));
  });

  it('returns one-byte strings wherever the characters allow', () => {
    const openapi = readFileSync(join(__dirname, '../../../../../openapi/openapi.yaml'), 'utf8');
    assert.equal(isOneByte(parse(openapi).openapi as string), false, 'yaml.parse alone gives UTF-16 strings');
    for (const [path, s] of strings(parseYamlOneByte(openapi)))
      if (!/[\u0100-\uffff]/.test(s)) assert.ok(isOneByte(s), `${path}: ${s.slice(0, 60)}`);
  });
});
