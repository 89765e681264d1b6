package io.cflink.errorhandling;

import java.io.Serializable;

/**
 * Where a key or value schema leaves the failure of the record being deserialized, for the
 * record-level schema to act on. One per source reader: the source serializes the schemas in one
 * object graph, so the capturing schemas and the record schema of a subtask share it.
 */
final class FailureSlot implements Serializable {
  private static final long serialVersionUID = 1L;

  transient Exception failure;
  transient String part;

  void clear() {
    failure = null;
    part = null;
  }

  void set(String part, Exception failure) {
    if (this.failure == null) {
      this.part = part;
      this.failure = failure;
    }
  }
}
