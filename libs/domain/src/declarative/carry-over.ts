import { INITIAL_OFFSET_FROM } from '../initial-offsets';

/**
 * Carry-over offsets in a stack: the new version of a stateless statement is created with
 * `sql.tables.initial-offset-from` naming the old version, so the engine starts each table where
 * the old version stopped (libs/domain initial-offsets.ts). The SQL on the server stays the SQL
 * the stack declares; only that property is added, and plan does not count it as a change.
 */

/** The properties of a new version that carries over `oldName`'s offsets. */
export function carriedOverProperties(
  declared: Readonly<Record<string, string>>,
  oldName: string,
): Record<string, string> {
  return { ...declared, [INITIAL_OFFSET_FROM]: oldName };
}

/**
 * A live statement's properties as the stack declared them: a later generation's
 * `sql.tables.initial-offset-from` was added by carry-over, unless the stack declares it too.
 */
export function declaredProperties(
  live: Readonly<Record<string, string>>,
  generation: number,
  desired: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  if (generation <= 1 || !(INITIAL_OFFSET_FROM in live) || INITIAL_OFFSET_FROM in desired) return live;
  const rest = { ...live };
  delete rest[INITIAL_OFFSET_FROM];
  return rest;
}

const CARRY_OVER_HINT =
  / \/\*\+ OPTIONS\('scan\.startup\.mode'='specific-offsets', 'scan\.startup\.specific-offsets'='partition:\d+,offset:\d+(;partition:\d+,offset:\d+)*'\) \*\//g;

/**
 * The SQL a statement carried over by an earlier cflink was declared with: those versions wrote
 * the offsets into the SQL as scan hints, which plan does not count as a change either.
 */
export function withoutCarryOverHints(sql: string): string {
  return sql.replace(CARRY_OVER_HINT, '');
}
