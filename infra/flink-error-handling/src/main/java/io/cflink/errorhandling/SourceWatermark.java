package io.cflink.errorhandling;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.data.RowData;

/**
 * {@code WATERMARK FOR $rowtime AS SOURCE_WATERMARK()} on a cflink Kafka table: the record
 * timestamps as they are (the Kafka timestamp, which {@code $rowtime} reads) and
 * {@link AdaptiveWatermarks} per partition, Flink's Kafka source making one generator per split.
 * A partition without records for the idle timeout stops holding event time back.
 */
final class SourceWatermark {
  /** The session's source idle timeout (statement property {@code sql.tables.scan.idle-timeout}). */
  static final ConfigOption<Duration> IDLE_TIMEOUT =
      ConfigOptions.key("table.exec.source.idle-timeout").durationType().defaultValue(Duration.ZERO);

  private SourceWatermark() {}

  static WatermarkStrategy<RowData> strategy(Duration idleTimeout) {
    WatermarkStrategy<RowData> adaptive = new Adaptive();
    return idleTimeout.isZero() || idleTimeout.isNegative() ? adaptive : adaptive.withIdleness(idleTimeout);
  }

  /** A named class, not a lambda: the strategy travels with the job graph. */
  private static final class Adaptive implements WatermarkStrategy<RowData> {
    private static final long serialVersionUID = 1L;

    @Override
    public WatermarkGenerator<RowData> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
      return new AdaptiveWatermarks<>();
    }
  }
}
