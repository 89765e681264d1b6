package io.cflink.errorhandling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

/** The per-partition generator behind SOURCE_WATERMARK(), record by record. */
class AdaptiveWatermarksTest {
  /** What a generator emitted, and whether it last said the partition is idle. */
  static final class Output implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();
    boolean idle;

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
      idle = false;
    }

    @Override
    public void markIdle() {
      idle = true;
    }

    @Override
    public void markActive() {
      idle = false;
    }

    Long last() {
      return watermarks.isEmpty() ? null : watermarks.get(watermarks.size() - 1);
    }
  }

  private final AdaptiveWatermarks<String> generator = new AdaptiveWatermarks<>();
  private final Output out = new Output();

  private void event(long timestamp) {
    generator.onEvent("r", timestamp, out);
  }

  /**
   * `n` records 100 ms apart from `from`, every `lagEvery`-th one `lag` ms behind its place (0:
   * none); returns the newest timestamp.
   */
  private long events(long from, int n, int lagEvery, long lag) {
    long newest = Long.MIN_VALUE;
    for (int i = 1; i <= n; i++) {
      long t = from + 100L * (i - 1);
      boolean late = lagEvery > 0 && i % lagEvery == 0;
      event(late ? t - lag : t);
      if (!late) newest = t;
    }
    return newest;
  }

  @Test
  void emitsNothingBeforeTheMinimumNumberOfRecords() {
    events(0, AdaptiveWatermarks.MIN_EVENTS - 1, 0, 0);
    generator.onPeriodicEmit(out);
    assertTrue(out.watermarks.isEmpty());
    event(100_000);
    generator.onPeriodicEmit(out);
    assertEquals(100_000 - AdaptiveWatermarks.MIN_BOUND - 1, out.last());
  }

  @Test
  void inOrderRecordsGetTheSmallestBound() {
    long newest = events(1_000_000, 1000, 0, 0);
    generator.onPeriodicEmit(out);
    assertEquals(AdaptiveWatermarks.MIN_BOUND, generator.bound());
    assertEquals(newest - AdaptiveWatermarks.MIN_BOUND - 1, out.last());
  }

  @Test
  void outOfOrderRecordsWidenTheBoundToCoverThem() {
    // One record in ten 3 s behind: the bound covers 95 % of the delays, so 3 s (rounded up).
    long newest = events(1_000_000, 1000, 10, 3_000);
    long bound = generator.bound();
    assertTrue(bound >= 2_900 && bound <= 2_900 * 5 / 4, "bound " + bound);
    generator.onPeriodicEmit(out);
    assertEquals(newest - bound - 1, out.last());
    // A record 2 s behind the newest is not late under this bound.
    assertTrue(newest - 2_000 > out.last());
  }

  @Test
  void rareLateRecordsDoNotWidenTheBound() {
    // One in fifty (2 %) is below the percentile: those records are left late.
    events(1_000_000, 1000, 50, 3_000);
    assertEquals(AdaptiveWatermarks.MIN_BOUND, generator.bound());
  }

  @Test
  void theBoundShrinksOnceRecordsComeInOrderAgainAndEventTimeNeverGoesBack() {
    long newest = events(1_000_000, 1000, 0, 0);
    generator.onPeriodicEmit(out);
    long tight = out.last();
    newest = events(newest + 100, 1000, 4, 10_000);
    assertTrue(generator.bound() >= 9_900, "bound " + generator.bound());
    // The bound grew, but a watermark is never emitted lower than the last one.
    generator.onPeriodicEmit(out);
    assertTrue(out.last() >= tight);
    // WINDOW in-order records push the late ones out of the learned window.
    newest = events(newest + 100, AdaptiveWatermarks.WINDOW, 0, 0);
    assertEquals(AdaptiveWatermarks.MIN_BOUND, generator.bound());
    generator.onPeriodicEmit(out);
    assertEquals(newest - AdaptiveWatermarks.MIN_BOUND - 1, out.last());
  }

  @Test
  void theBoundIsCappedAtSevenDays() {
    long day = Duration.ofDays(1).toMillis();
    long t = 100 * day;
    for (int i = 0; i < 300; i++) {
      event(t += day / 10);
      if (i % 2 == 1) event(t - 30 * day);
    }
    assertEquals(AdaptiveWatermarks.MAX_BOUND, generator.bound());
  }

  @Test
  void bucketsStandForTheirDelayWithinAQuarter() {
    for (long delay : new long[] {0, 1, 7, 8, 9, 50, 999, 1_000, 3_000, 86_400_000L}) {
      long edge = AdaptiveWatermarks.EDGES[AdaptiveWatermarks.bucketOf(delay)];
      assertTrue(edge >= delay && edge <= Math.max(delay * 5 / 4, delay + 1), delay + " -> " + edge);
    }
  }

  @Test
  void aPartitionWithoutRecordsForTheIdleTimeoutIsIdleUntilTheNextRecord() {
    ManualClock clock = new ManualClock(Duration.ofHours(1).toNanos());
    WatermarkGenerator<RowData> idling =
        SourceWatermark.strategy(Duration.ofSeconds(5)).createWatermarkGenerator(context(clock));
    Output idleOut = new Output();
    for (int i = 0; i < 300; i++) idling.onEvent(null, 1_000L * i, idleOut);
    periodically(idling, idleOut, clock, Duration.ofMillis(4_600));
    assertFalse(idleOut.idle);
    assertEquals(299_000 - AdaptiveWatermarks.MIN_BOUND - 1, idleOut.last());
    periodically(idling, idleOut, clock, Duration.ofMillis(1_200));
    assertTrue(idleOut.idle, "idle after 5 s without records");
    idling.onEvent(null, 400_000, idleOut);
    idling.onPeriodicEmit(idleOut);
    assertFalse(idleOut.idle);
    assertEquals(400_000 - AdaptiveWatermarks.MIN_BOUND - 1, idleOut.last());
  }

  @Test
  void aZeroIdleTimeoutNeverMarksAPartitionIdle() {
    ManualClock clock = new ManualClock(Duration.ofHours(1).toNanos());
    WatermarkGenerator<RowData> never = SourceWatermark.strategy(Duration.ZERO).createWatermarkGenerator(context(clock));
    Output neverOut = new Output();
    periodically(never, neverOut, clock, Duration.ofMinutes(10));
    assertFalse(neverOut.idle);
  }

  /** Flink's periodic call every 200 ms (pipeline.auto-watermark-interval) for `span`. */
  private static void periodically(
      WatermarkGenerator<RowData> generator, Output output, ManualClock clock, Duration span) {
    for (long t = 0; t < span.toMillis(); t += 200) {
      clock.advanceTime(Duration.ofMillis(200));
      generator.onPeriodicEmit(output);
    }
  }

  private static WatermarkGeneratorSupplier.Context context(RelativeClock clock) {
    return new WatermarkGeneratorSupplier.Context() {
      @Override
      public org.apache.flink.metrics.MetricGroup getMetricGroup() {
        return new UnregisteredMetricsGroup();
      }

      @Override
      public RelativeClock getInputActivityClock() {
        return clock;
      }
    };
  }
}
