package io.cflink.errorhandling;

import java.io.IOException;
import java.io.Serializable;

/** Where dead letters go: a Kafka topic in a job ({@link KafkaDeadLetterWriter}). */
public interface DeadLetterWriter {
  /** Writes one record; returns once it is acknowledged, so a checkpoint after it holds it. */
  void write(DeadLetterRecord record) throws IOException;

  /** Opens a writer in a source reader. */
  interface Factory extends Serializable {
    DeadLetterWriter open(ErrorHandlingConfig config);
  }
}
