/**
 * What Flink's plan of a statement (EXPLAIN PLAN FOR …) says it will read, write and override.
 * The SQL boundary decides from the plan, not from the text: by the time Flink has planned a
 * statement, comments, quoting, views and nesting are resolved, so nothing can hide a table or
 * a hint from these checks.
 */

/** Option values a `/*+ OPTIONS(…) *\/` hint may set: where to start and stop reading, nothing else. */
const TIMESTAMP = /^\d{1,19}$/;
const OFFSETS = /^partition:\d{1,9},offset:\d{1,19}(;partition:\d{1,9},offset:\d{1,19})*$/;
export const HINT_OPTIONS: ReadonlyMap<string, RegExp> = new Map([
  ['scan.startup.mode', /^(earliest-offset|latest-offset|timestamp|specific-offsets)$/],
  ['scan.startup.timestamp-millis', TIMESTAMP],
  ['scan.startup.specific-offsets', OFFSETS],
  ['scan.bounded.mode', /^(unbounded|latest-offset|timestamp|specific-offsets)$/],
  ['scan.bounded.timestamp-millis', TIMESTAMP],
  ['scan.bounded.specific-offsets', OFFSETS],
]);

export type PlanVerdict = { allowed: true } | { allowed: false; detail: string };

const HINT_HELP = `Hints may set only ${[...HINT_OPTIONS.keys()].join(', ')}.`;

/**
 * Every OPTIONS hint of the plan, as Flink prints it (`[[OPTIONS inheritPath:[…] options:{k=v, k=v}]]`),
 * must set only allowed options to well-formed values. Allowed values never contain `, ` or `}`,
 * so each block parses one way; a block that does not parse is refused, never skipped.
 */
export function checkPlanHints(plan: string): PlanVerdict {
  const blocks = [...plan.matchAll(/\[OPTIONS (?:inheritPath:\[[^\]]*\] )?options:\{/g)];
  if (blocks.length !== plan.split('options:{').length - 1) {
    return { allowed: false, detail: `The statement's table hints could not be verified. ${HINT_HELP}` };
  }
  for (const block of blocks) {
    let i = block.index + block[0].length;
    for (;;) {
      // Every entry is key=value; the block ends only after a value (a key that starts with `}`
      // would otherwise end it early and hide the entries behind it).
      const eq = plan.indexOf('=', i);
      const key = eq < 0 ? '' : plan.slice(i, eq);
      const rule = HINT_OPTIONS.get(key);
      if (!rule) {
        return {
          allowed: false,
          detail: `Table hint option '${key}' is not allowed: hints cannot change a table's connector, topic, brokers, client properties, format or credentials. ${HINT_HELP}`,
        };
      }
      const ends = [plan.indexOf(', ', eq), plan.indexOf('}', eq)].filter((n) => n >= 0);
      const end = ends.length ? Math.min(...ends) : -1;
      const value = end < 0 ? '' : plan.slice(eq + 1, end);
      if (!rule.test(value)) {
        return { allowed: false, detail: `Table hint option '${key}' has a value that is not allowed: '${value}'.` };
      }
      if (plan[end] === '}') {
        i = end;
        break;
      }
      i = end + 2;
    }
    // Flink closes the block with `}]`: anything else means a value held text of its own.
    if (plan[i + 1] !== ']') {
      return { allowed: false, detail: `The statement's table hints could not be verified. ${HINT_HELP}` };
    }
  }
  return { allowed: true };
}

export interface PlanTables {
  /** Keys of `known` the plan reads and writes. */
  reads: string[];
  writes: string[];
  /** Tables the plan reads or writes that are neither known nor built in, as Flink prints them. */
  unknown: string[];
}

/**
 * Tables an EXPLAIN plan reads and writes, as `catalog.database.table` keys of `known`
 * (qualified names joined with NUL, which identifiers cannot contain). Matching against the
 * session's known tables avoids parsing names that themselves contain commas or dots. A scan of
 * anything else — other than the session's built-in sources named by `builtIn` prefixes — is
 * reported as unknown, so the caller can fail closed.
 */
export function tablesInPlan(
  plan: string,
  known: ReadonlyMap<string, readonly [string, string, string]>,
  builtIn: readonly string[] = [],
): PlanTables {
  const ast = plan.split('\n== Optimized')[0];
  const reads = new Set<string>();
  const writes = new Set<string>();
  const unknown: string[] = [];
  const scan = 'TableScan(table=[[';
  const sink = 'Sink(table=[';
  // A scan names its table, then what the source was given (`, metadata=[timestamp]` for
  // `$rowtime`, a pushed-down watermark, …) before `]]`.
  const candidates = [...known].sort(([, a], [, b]) => b.join().length - a.join().length);
  for (const [marker, names, into] of [
    [scan, (c: string, d: string, t: string) => [`${c}, ${d}, ${t}]]`, `${c}, ${d}, ${t}, `], reads],
    [sink, (c: string, d: string, t: string) => [`${c}.${d}.${t}]`], writes],
  ] as const) {
    for (let at = ast.indexOf(marker); at >= 0; at = ast.indexOf(marker, at + 1)) {
      const rest = ast.slice(at + marker.length);
      // The longest name first, so a table `t, x` is never taken for table `t`.
      const match = candidates.find(([, [c, d, t]]) => names(c, d, t).some((n) => rest.startsWith(n)));
      if (match) into.add(match[0]);
      else if (!builtIn.some((prefix) => rest.startsWith(prefix))) unknown.push(rest.slice(0, rest.indexOf(']')));
    }
  }
  return { reads: [...reads], writes: [...writes], unknown };
}
