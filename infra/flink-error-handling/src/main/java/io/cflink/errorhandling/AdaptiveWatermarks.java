package io.cflink.errorhandling;

import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The watermark of one Kafka partition under {@code SOURCE_WATERMARK()}: silent until the partition
 * has shown {@link #MIN_EVENTS} records, then its newest timestamp minus a bound learned from the
 * records themselves. Each record's delay is how far its timestamp lies behind the newest one seen
 * before it (0 when in order); the bound is the {@link #PERCENTILE} of the delays of the last
 * {@link #WINDOW} records, kept between {@link #MIN_BOUND} and {@link #MAX_BOUND}. So a partition
 * written in order gets a tight watermark, one whose records often arrive late waits for them, and
 * the bound shrinks again once they stop. Memory is fixed: a ring of the last delays' buckets and a
 * count per bucket. Emitted on Flink's periodic call (pipeline.auto-watermark-interval, 200 ms).
 */
public final class AdaptiveWatermarks<T> implements WatermarkGenerator<T> {
  /** Records a partition must show before it has a watermark. */
  public static final int MIN_EVENTS = 250;
  /** How many of the latest delays the bound is learned from. */
  public static final int WINDOW = 5000;
  /** The share of recent records the bound must cover. */
  public static final double PERCENTILE = 0.95;
  public static final long MIN_BOUND = 50;
  public static final long MAX_BOUND = Duration.ofDays(7).toMillis();

  /**
   * Upper edges of the delay buckets, in milliseconds: 0, then exact up to 8 ms, then four per
   * power of two (at most a quarter above the delay it stands for) up to past {@link #MAX_BOUND}.
   */
  static final long[] EDGES = edges();

  private final short[] ring = new short[WINDOW];
  private final int[] counts = new int[EDGES.length];
  private int next;
  private int size;
  private long events;
  private long maxTimestamp = Long.MIN_VALUE;
  private long emitted = Long.MIN_VALUE;

  private static long[] edges() {
    long[] edges = new long[256];
    int n = 0;
    for (long e = 0; e <= 8; e++) edges[n++] = e;
    for (long octave = 8; edges[n - 1] < MAX_BOUND; octave *= 2) {
      for (int quarter = 1; quarter <= 4; quarter++) edges[n++] = octave + octave * quarter / 4;
    }
    return Arrays.copyOf(edges, n);
  }

  /** The bucket whose upper edge is the smallest one at or above {@code delay}. */
  static int bucketOf(long delay) {
    int i = Arrays.binarySearch(EDGES, delay);
    return Math.min(i >= 0 ? i : -i - 1, EDGES.length - 1);
  }

  @Override
  public void onEvent(T event, long timestamp, WatermarkOutput output) {
    long delay = 0;
    if (timestamp > maxTimestamp) maxTimestamp = timestamp;
    else delay = maxTimestamp - timestamp;
    events++;
    if (size == WINDOW) counts[ring[next]]--;
    else size++;
    int bucket = bucketOf(delay);
    ring[next] = (short) bucket;
    counts[bucket]++;
    next = (next + 1) % WINDOW;
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (events < MIN_EVENTS) return;
    long watermark = maxTimestamp - bound() - 1;
    // A bound that grows never moves a watermark back: event time only advances.
    if (watermark > emitted) {
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }

  /** The learned bound now: the smallest bucket edge at or above {@link #PERCENTILE} of the recent delays. */
  long bound() {
    long needed = (long) Math.ceil(PERCENTILE * size);
    long seen = 0;
    int bucket = 0;
    while (bucket < counts.length - 1 && (seen += counts[bucket]) < needed) bucket++;
    return Math.max(MIN_BOUND, Math.min(MAX_BOUND, EDGES[bucket]));
  }
}
