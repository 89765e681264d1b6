import type { Statefulness } from './statement-evolution';

/**
 * Whether a statement keeps state, read from Flink's optimized physical plan of it (`EXPLAIN
 * CHANGELOG_MODE …`), not from its text: by then views, subqueries and statement sets are
 * resolved, so an aggregate cannot hide. A stateless statement maps each input record to outputs
 * on its own, so it can continue from another statement's offsets without losing anything.
 */

/** Physical operators that keep state between records, and what to call them in a plan. */
const STATEFUL_OPERATORS: ReadonlyArray<readonly [string, string]> = [
  ['GroupAggregate', 'an aggregation (GROUP BY)'],
  ['LocalGroupAggregate', 'an aggregation (GROUP BY)'],
  ['GlobalGroupAggregate', 'an aggregation (GROUP BY)'],
  ['IncrementalGroupAggregate', 'an aggregation (GROUP BY)'],
  ['GroupTableAggregate', 'a table aggregation'],
  ['GroupWindowAggregate', 'a window aggregation'],
  ['WindowAggregate', 'a window aggregation'],
  ['LocalWindowAggregate', 'a window aggregation'],
  ['GlobalWindowAggregate', 'a window aggregation'],
  ['WindowTableFunction', 'a window'],
  ['Join', 'a regular join'],
  ['IntervalJoin', 'an interval join'],
  ['TemporalJoin', 'a temporal join'],
  ['WindowJoin', 'a window join'],
  ['MultiJoin', 'a join'],
  ['Rank', 'a Top-N (ROW_NUMBER)'],
  ['WindowRank', 'a window Top-N'],
  ['Deduplicate', 'a deduplication'],
  ['WindowDeduplicate', 'a window deduplication'],
  ['OverAggregate', 'an OVER aggregation (e.g. LAG)'],
  ['Match', 'MATCH_RECOGNIZE'],
  ['ChangelogNormalize', 'normalizing an upsert source'],
  ['Limit', 'a LIMIT'],
  ['SortLimit', 'an ORDER BY … LIMIT'],
  ['Sort', 'a sort'],
  ['TemporalSort', 'a sort on time'],
  ['DropUpdateBefore', 'an updating input'],
];

/** Operators known to map each record on its own; any operator in neither list counts as stateful. */
const STATELESS_OPERATORS = new Set([
  'TableSourceScan',
  'Calc',
  'Sink',
  'Exchange',
  'Union',
  'WatermarkAssigner',
  'Correlate',
  'LookupJoin',
  'Values',
  'Expand',
  'MiniBatchAssigner',
]);

/** The node name at the start of a plan line, after the tree drawing (`+- `, `:- `, `:  `). */
function nodeName(line: string): { name: string; rest: string } | null {
  const m = /^[\s:|+-]*([A-Z][A-Za-z]*)\((.*)$/.exec(line);
  return m ? { name: m[1], rest: m[2] } : null;
}

/** The verdict for one EXPLAIN output; anything that is not a physical plan is `unknown`. */
export function statefulnessOfPlan(plan: string): Statefulness {
  const start = plan.indexOf('== Optimized Physical Plan ==');
  if (start < 0) return { kind: 'unknown', why: 'the engine returned no optimized physical plan' };
  const next = plan.indexOf('\n==', start + 1);
  const section = plan
    .slice(start, next < 0 ? undefined : next)
    .split('\n')
    .slice(1);
  const reasons = new Set<string>();
  let nodes = 0;
  for (const line of section) {
    const node = nodeName(line);
    if (!node) continue;
    nodes++;
    const stateful = STATEFUL_OPERATORS.find(([op]) => op === node.name);
    if (stateful) reasons.add(stateful[1]);
    else if (!STATELESS_OPERATORS.has(node.name)) reasons.add(`an operator cflink does not classify (${node.name})`);
    if (node.name === 'Sink') {
      if (/upsertMaterialize=\[true\]/.test(node.rest)) reasons.add('an upsert sink that materializes its changes');
      const mode = /changelogMode=\[([^\]]*)\]/.exec(node.rest)?.[1];
      if (mode && /\b(UB|UA|D)\b/.test(mode)) reasons.add(`a sink receiving updates (changelog ${mode})`);
    } else {
      const mode = /changelogMode=\[([^\]]*)\]/.exec(node.rest)?.[1];
      if (mode && /\b(UB|UA|D)\b/.test(mode) && node.name.endsWith('Scan')) {
        reasons.add(`an upsert or changelog source (changelog ${mode})`);
      }
    }
  }
  if (nodes === 0) return { kind: 'unknown', why: 'the optimized physical plan was empty' };
  return reasons.size ? { kind: 'stateful', reasons: [...reasons] } : { kind: 'stateless' };
}
