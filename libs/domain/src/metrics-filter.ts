import type { MetricLabel, MetricLabels } from './metrics-catalog';

/**
 * Metrics API v2 filters, pure: field filters (EQ, and GT/GTE comparing lexicographically),
 * AND/OR of filters and NOT of a filter, evaluated on a series' labels; and the label values a
 * filter certainly requires, which the database is asked to narrow to first.
 */
export type MetricFilter =
  | { field: MetricLabel; op: 'EQ' | 'GT' | 'GTE'; value: string | number }
  | { op: 'AND' | 'OR'; filters: MetricFilter[] }
  | { op: 'NOT'; filter: MetricFilter };

/** Does a series with `labels` pass `filter`? A label the series does not carry matches nothing. */
export function matchesFilter(filter: MetricFilter | undefined, labels: MetricLabels): boolean {
  if (!filter) return true;
  switch (filter.op) {
    case 'AND':
      return filter.filters.every((f) => matchesFilter(f, labels));
    case 'OR':
      return filter.filters.some((f) => matchesFilter(f, labels));
    case 'NOT':
      return !matchesFilter(filter.filter, labels);
    default: {
      const actual = labels[filter.field];
      if (actual === undefined) return false;
      const wanted = String(filter.value);
      if (filter.op === 'EQ') return actual === wanted;
      return filter.op === 'GT' ? actual > wanted : actual >= wanted;
    }
  }
}

/** Label → the only values a matching series may have (labels without a bound are absent). */
export type LabelBounds = Partial<Record<MetricLabel, string[]>>;

/**
 * The values each label must take for `filter` to pass, as far as EQ filters under AND/OR say
 * so: an AND bounds a label if any part does (intersection), an OR only if every part does
 * (union). NOT, GT and GTE bound nothing. A bound that is empty means nothing can match.
 */
export function filterBounds(filter: MetricFilter | undefined): LabelBounds {
  if (!filter) return {};
  switch (filter.op) {
    case 'EQ':
      return { [filter.field]: [String(filter.value)] };
    case 'AND': {
      const out: LabelBounds = {};
      for (const part of filter.filters.map(filterBounds)) {
        for (const [label, values] of Object.entries(part) as [MetricLabel, string[]][]) {
          const known = out[label];
          out[label] = known ? known.filter((v) => values.includes(v)) : values;
        }
      }
      return out;
    }
    case 'OR': {
      const parts = filter.filters.map(filterBounds);
      if (parts.length === 0) return {};
      const out: LabelBounds = {};
      for (const label of Object.keys(parts[0]) as MetricLabel[]) {
        if (parts.every((p) => p[label])) out[label] = [...new Set(parts.flatMap((p) => p[label]!))].sort();
      }
      return out;
    }
    default:
      return {};
  }
}

/** The labels a filter names anywhere (each must be one the queried metric has). */
export function filterFields(filter: MetricFilter | undefined): MetricLabel[] {
  if (!filter) return [];
  if ('filters' in filter) return filter.filters.flatMap(filterFields);
  if ('filter' in filter) return filterFields(filter.filter);
  return [filter.field];
}
