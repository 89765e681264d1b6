package io.cflink.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.junit.jupiter.api.Test;

/** The snapshot goes out at once, the rows after it at the table's rate. */
class SnapshotRateLimiterStrategyTest {
  @Test
  void givesTheSnapshotFreeThenPaces() throws Exception {
    RateLimiter<SourceSplit> limiter = new SnapshotRateLimiterStrategy<>(251, 5).createRateLimiter(1);
    long start = System.nanoTime();
    for (int i = 0; i < 251; i++) limiter.acquire().toCompletableFuture().get();
    assertTrue(System.nanoTime() - start < 500_000_000L, "snapshot without waiting");
    start = System.nanoTime();
    for (int i = 0; i < 6; i++) limiter.acquire().toCompletableFuture().get();
    double seconds = (System.nanoTime() - start) / 1e9;
    // Five a second: six permits take about a second (the first comes at once).
    assertTrue(seconds > 0.8 && seconds < 3, "paced: " + seconds + " s");
  }
}
