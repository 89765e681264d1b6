import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  exportLabel,
  exportName,
  FLINK_METRICS,
  metricDefinition,
  metricDescriptor,
  POOL_LABEL,
  resourceDescriptors,
} from './metrics-catalog';

describe('metrics catalog', () => {
  it('serves the Flink metric names of the Metrics API, each once', () => {
    const names = FLINK_METRICS.map((m) => m.name);
    assert.equal(new Set(names).size, names.length);
    for (const n of ['statement_utilization/current_cfus', 'compute_pool_utilization/cfu_limit', 'pending_records']) {
      assert.ok(metricDefinition(`io.confluent.flink/${n}`), n);
    }
    assert.equal(metricDefinition('io.confluent.kafka.server/received_bytes'), undefined);
  });
  it('describes metrics and resources in the descriptor shapes', () => {
    const d = metricDescriptor(metricDefinition('io.confluent.flink/operator/state_size_bytes')!);
    assert.deepEqual(
      { unit: d.unit, type: d.type, resources: d.resources, stage: d.lifecycle_stage },
      { unit: 'By', type: 'GAUGE_INT64', resources: ['flink_statement'], stage: 'GENERAL_AVAILABILITY' },
    );
    const statement = resourceDescriptors().find((r) => r.type === 'flink_statement')!;
    assert.deepEqual(
      statement.labels.map((l) => l.key),
      ['flink_statement.name', 'flink_statement.uid', 'compute_pool.id', 'environment.id'],
    );
  });
  it('names metrics and labels the Prometheus way in the export', () => {
    assert.equal(exportName(metricDefinition('io.confluent.flink/num_records_in')!), 'confluent_flink_num_records_in');
    assert.equal(
      exportName(metricDefinition('io.confluent.flink/compute_pool_utilization/cfu_limit')!),
      'confluent_flink_compute_pool_utilization_cfu_limit',
    );
    assert.equal(exportLabel(POOL_LABEL), 'compute_pool_id');
  });
});
