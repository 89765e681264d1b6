import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import type { MetricSample } from '#contracts';
import { MetricsRepository, type MetricsScope } from '#db';
import {
  ENVIRONMENT_LABEL,
  exportLabel,
  exportName,
  FLINK_METRICS,
  MINUTE_MS,
  minuteOf,
  POOL_LABEL,
  RESOURCE_LABELS,
  STATEMENT_LABEL,
  STATEMENT_UID_LABEL,
  type MetricDefinition,
  type MetricLabels,
} from '#domain';

type Value = { labels: MetricLabels; extra?: Record<string, string>; value: number };
const RUNNING = new Set(['RUNNING', 'DEGRADED']);

/**
 * The export: the current value of each metric per statement and pool, formatted by prom-client
 * in the Prometheus text format. Gauges are the statement's latest engine sample and current
 * CFUs and phase and the pool's current CFUs and limit; counters (records, CFU-minutes) are what
 * the last complete minute added, as a PT1M query of that minute answers.
 */
@Injectable()
export class MetricsExport {
  constructor(private readonly repository: MetricsRepository) {}

  async render(
    scope: MetricsScope,
    metrics: readonly MetricDefinition[],
    now = new Date(),
  ): Promise<{ contentType: string; text: string }> {
    const registry = new Registry();
    const [statements, pools] = await Promise.all([this.repository.statements(scope), this.repository.pools(scope)]);
    const lastMinute = { start: new Date(minuteOf(now).getTime() - MINUTE_MS), end: minuteOf(now), bucketMinutes: 1 };
    const labelsOf = (s: (typeof statements)[number]): MetricLabels => ({
      [STATEMENT_LABEL]: s.name,
      [STATEMENT_UID_LABEL]: s.uid,
      [POOL_LABEL]: s.computePoolId,
      [ENVIRONMENT_LABEL]: s.environmentId,
    });
    const running = statements.filter((s) => RUNNING.has(s.phase));
    const latest = (s: (typeof statements)[number]) => (s.latestMetrics ?? null) as Partial<MetricSample> | null;
    const fromSample = (field: keyof MetricSample): Value[] =>
      running.flatMap((s) => {
        const v = Number(latest(s)?.[field]);
        return Number.isFinite(v) && latest(s)?.[field] !== undefined ? [{ labels: labelsOf(s), value: v }] : [];
      });
    const poolLabels = (p: { id: string; environmentId: string }) => ({
      [POOL_LABEL]: p.id,
      [ENVIRONMENT_LABEL]: p.environmentId,
    });

    for (const metric of metrics) {
      let values: Value[];
      const source = metric.source;
      switch (metric.name.slice('io.confluent.flink/'.length)) {
        case 'statement_utilization/current_cfus':
          values = running.map((s) => ({ labels: labelsOf(s), value: s.cfu }));
          break;
        case 'compute_pool_utilization/current_cfus':
          values = pools.map((p) => ({
            labels: poolLabels(p),
            value: running.filter((s) => s.computePoolId === p.id).reduce((a, s) => a + s.cfu, 0),
          }));
          break;
        case 'compute_pool_utilization/cfu_limit':
          values = pools.map((p) => ({ labels: poolLabels(p), value: p.maxCfu }));
          break;
        case 'compute_pool_utilization/cfu_minutes_consumed': {
          const used = new Map<string, number>();
          for (const r of await this.repository.ledger(scope, lastMinute, 'minute')) {
            used.set(r.computePoolId, (used.get(r.computePoolId) ?? 0) + r.value);
          }
          values = pools.map((p) => ({ labels: poolLabels(p), value: used.get(p.id) ?? 0 }));
          break;
        }
        case 'statement_status':
          values = statements.map((s) => ({ labels: labelsOf(s), extra: { status: s.phase }, value: 1 }));
          break;
        case 'pending_records':
          values = fromSample('pendingRecords');
          break;
        case 'operator/state_size_bytes':
          values = fromSample('stateSizeBytes');
          break;
        case 'current_input_watermark_milliseconds':
          values = fromSample('currentInputWatermarkMs');
          break;
        case 'current_output_watermark_milliseconds':
          values = fromSample('currentOutputWatermarkMs');
          break;
        default: {
          if (source.kind !== 'samples' || source.overTime !== 'increase') continue;
          const rows = await this.repository.samples(scope, lastMinute, source.column, 'increase');
          const byUid = new Map(rows.map((r) => [r.statementUid, r.value]));
          values = running.map((s) => ({ labels: labelsOf(s), value: byUid.get(s.uid) ?? 0 }));
        }
      }
      const labelNames = [
        ...RESOURCE_LABELS[metric.resource].map(exportLabel),
        ...(metric.source.kind === 'status' ? ['status'] : []),
      ];
      const gauge = new Gauge({
        name: exportName(metric),
        help: metric.description,
        labelNames,
        registers: [registry],
      });
      for (const v of values) {
        const labels: Record<string, string> = { ...v.extra };
        for (const [k, value] of Object.entries(v.labels)) labels[exportLabel(k as keyof MetricLabels)] = value!;
        gauge.set(labels, v.value);
      }
    }
    return { contentType: registry.contentType, text: await registry.metrics() };
  }
}

/** The metrics an export carries: all of them, or those named (unknown names are refused by the caller). */
export function exportedMetrics(names: string[]): MetricDefinition[] {
  return names.length === 0 ? [...FLINK_METRICS] : FLINK_METRICS.filter((m) => names.includes(m.name));
}
