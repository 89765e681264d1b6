/**
 * Reads Prometheus text exposition with a real parser (parse-prometheus-text-format), so the
 * export and the operator endpoint are checked as a scraper reads them, not by string search.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export type Family = ReturnType<typeof parsePrometheusTextFormat>[number];

export function parsePrometheus(text: string): Map<string, Family> {
  return new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
}

/** Value of the first sample of `family` whose labels include `labels`, or undefined. */
export function sampleValue(
  families: Map<string, Family>,
  family: string,
  labels: Record<string, string> = {},
): number | undefined {
  const m = families.get(family)?.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
  return m === undefined ? undefined : Number(m.value);
}
