/**
 * A table's definition as cflink keeps it: what Flink prints for SHOW CREATE TABLE minus the
 * connector options the engine adds in each session, so changing brokers or credentials never
 * rewrites the catalog.
 */

import { sqlOptionPairs } from './sql-text';
import { qualifiedName, quoteIdentifier } from './catalog-names';
import { DEFAULT_BUCKETS } from './table-options';
import { withRowtime } from './rowtime';

export interface CanonicalTable {
  /** Columns, constraints, comment and partitioning: everything between the name and DISTRIBUTED/WITH. */
  body: string;
  distribution: { keys: string[]; buckets: number | null } | null;
  options: Record<string, string>;
  primaryKey: string[];
}

function unquote(s: string): string {
  return s.replace(/''/g, "'");
}

/**
 * `ddl` with the inside of every `'…'` literal and `` `…` `` identifier blanked, same length: a
 * search in it finds only the statement's structure, never text a comment or a name carries
 * (a comment holding "\nWITH (\n" must not end the table's body).
 */
function structureOf(ddl: string): string {
  let out = '';
  let i = 0;
  while (i < ddl.length) {
    const quote = ddl[i];
    if (quote !== "'" && quote !== '`') {
      out += quote;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < ddl.length && (ddl[j] !== quote || ddl[j + 1] === quote)) j += ddl[j] === quote ? 2 : 1;
    const end = Math.min(j, ddl.length);
    out += quote + '_'.repeat(end - i - 1) + (j < ddl.length ? quote : '');
    i = j + 1;
  }
  return out;
}

/** The identifiers of a `a`, `b` list, split at the commas outside them. */
function identifierList(text: string, structure: string): string[] {
  const names: string[] = [];
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || structure[i] === ',') {
      const name = text.slice(from, i).trim();
      if (name) names.push(name.replace(/^`|`$/g, '').replace(/``/g, '`'));
      from = i + 1;
    }
  }
  return names;
}

/** Reads the output of SHOW CREATE TABLE (`CREATE TABLE \`c\`.\`d\`.\`t\` (…) … WITH (…)`). */
export function parseCanonicalTable(ddl: string): CanonicalTable {
  const head = /^CREATE (?:TEMPORARY )?TABLE (?:`(?:[^`]|``)*`\.){2}`(?:[^`]|``)*`\s*/.exec(ddl);
  if (!head) throw new Error(`Not a CREATE TABLE statement as Flink prints it: ${ddl.slice(0, 80)}`);
  let rest = ddl.slice(head[0].length);
  let structure = structureOf(rest);
  const options: Record<string, string> = {};
  const withAt = structure.search(/\nWITH \(\n/);
  if (withAt >= 0) {
    for (const m of rest.slice(withAt).matchAll(/'((?:[^']|'')*)' = '((?:[^']|'')*)'/g)) {
      options[unquote(m[1])] = unquote(m[2]);
    }
    rest = rest.slice(0, withAt + 1);
    structure = structure.slice(0, withAt + 1);
  }
  let distribution: CanonicalTable['distribution'] = null;
  const dist = /^DISTRIBUTED (?:BY (?:HASH|RANGE)?\(([^)]*)\)\s*)?(?:INTO (\d+) BUCKETS)?\s*$/dm.exec(structure);
  if (dist) {
    const [keysFrom, keysTo] = dist.indices?.[1] ?? [0, 0];
    const keys = identifierList(rest.slice(keysFrom, keysTo), structure.slice(keysFrom, keysTo));
    distribution = { keys, buckets: dist[2] ? Number(dist[2]) : null };
    rest = rest.slice(0, dist.index) + rest.slice(dist.index + dist[0].length);
    structure = structure.slice(0, dist.index) + structure.slice(dist.index + dist[0].length);
  }
  const pk = /PRIMARY KEY \(([^)]*)\)/d.exec(structure);
  const [pkFrom, pkTo] = pk?.indices?.[1] ?? [0, 0];
  const primaryKey = pk ? identifierList(rest.slice(pkFrom, pkTo), structure.slice(pkFrom, pkTo)) : [];
  return { body: rest.trim(), distribution, options, primaryKey };
}

export function bucketsOf(table: CanonicalTable): number {
  return table.distribution?.buckets ?? DEFAULT_BUCKETS;
}

function optionList(options: Record<string, string>): string {
  return sqlOptionPairs(options, ',\n  ');
}

/** The stored definition: what SHOW CREATE TABLE showed, with the engine's options left out. */
export function storedDefinition(table: CanonicalTable): string {
  const dist = table.distribution
    ? `\nDISTRIBUTED ${table.distribution.keys.length ? `BY HASH(${table.distribution.keys.map(quoteIdentifier).join(', ')}) ` : ''}INTO ${bucketsOf(table)} BUCKETS`
    : '';
  const opts = Object.keys(table.options).length ? `\nWITH (\n  ${optionList(table.options)}\n)` : '';
  return `${table.body}${dist}${opts}`;
}

/**
 * The DDL a session runs to make a stored table usable; a table stored before `$rowtime`
 * existed gets the system column and default watermark here.
 */
export function sessionTableDdl(
  qualified: readonly string[],
  table: CanonicalTable,
  connector: Record<string, string>,
): string {
  return `CREATE TABLE ${qualifiedName(qualified)} ${withRowtime(table.body, 0, true)}\nWITH (\n  ${optionList(connector)}\n)`;
}
