package io.cflink.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/**
 * A bounded rate after a free start: the first {@code free} records of a reader (a keyed table's
 * snapshot, one row per key) go out at once, the rest at {@code rowsPerSecond} for the whole
 * source. A reader restored from a savepoint starts with a free burst again; it is bounded by the
 * number of keys.
 */
final class SnapshotRateLimiterStrategy<S extends SourceSplit> implements RateLimiterStrategy<S> {
  private static final long serialVersionUID = 1L;
  private final long free;
  private final double rowsPerSecond;

  SnapshotRateLimiterStrategy(long free, double rowsPerSecond) {
    this.free = free;
    this.rowsPerSecond = rowsPerSecond;
  }

  @Override
  @SuppressWarnings("unchecked")
  public RateLimiter<S> createRateLimiter(int parallelism) {
    RateLimiter<S> paced = RateLimiterStrategy.perSecond(rowsPerSecond).createRateLimiter(parallelism);
    return new RateLimiter<>() {
      private long given;

      @Override
      public CompletionStage<Void> acquire(int permits) {
        if (given < free) {
          given += permits;
          return CompletableFuture.completedFuture(null);
        }
        return paced.acquire(permits);
      }

      @Override
      public void notifyCheckpointComplete(long checkpointId) {
        paced.notifyCheckpointComplete(checkpointId);
      }
    };
  }
}
