package io.cflink.errorhandling;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * A key or value format's schema that reports a failure to its {@link FailureSlot} instead of
 * throwing, so the Kafka connector's record schema finishes the record cleanly (it would keep a
 * half-read key otherwise) and emits nothing for it. Rows are buffered and emitted after the
 * format returned, so an error in a downstream operator chained to the source is never taken for
 * a deserialization error.
 */
final class CapturingDeserializationSchema implements DeserializationSchema<RowData> {
  private static final long serialVersionUID = 1L;

  private final DeserializationSchema<RowData> inner;
  private final String part;
  private final FailureSlot slot;
  private transient List<RowData> buffer;

  CapturingDeserializationSchema(DeserializationSchema<RowData> inner, String part, FailureSlot slot) {
    this.inner = inner;
    this.part = part;
    this.slot = slot;
  }

  @Override
  public void open(InitializationContext context) throws Exception {
    inner.open(context);
  }

  @Override
  public RowData deserialize(byte[] message) throws IOException {
    try {
      return inner.deserialize(message);
    } catch (Exception e) {
      slot.set(part, e);
      return null;
    }
  }

  @Override
  public void deserialize(byte[] message, Collector<RowData> out) throws IOException {
    if (buffer == null) buffer = new ArrayList<>(1);
    buffer.clear();
    try {
      inner.deserialize(
          message,
          new Collector<>() {
            @Override
            public void collect(RowData row) {
              buffer.add(row);
            }

            @Override
            public void close() {}
          });
    } catch (Exception e) {
      slot.set(part, e);
      buffer.clear();
      return;
    }
    for (RowData row : buffer) out.collect(row);
    buffer.clear();
  }

  @Override
  public boolean isEndOfStream(RowData nextElement) {
    return inner.isEndOfStream(nextElement);
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return inner.getProducedType();
  }
}
