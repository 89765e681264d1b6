package io.cflink.errorhandling;

import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.kafka.shaded.org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.flink.kafka.shaded.org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.flink.kafka.shaded.org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.flink.kafka.shaded.org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes dead letters to their topic with an idempotent producer, as the statement's principal
 * (the source's own connection settings), and waits for each acknowledgement: a record whose
 * offset a checkpoint holds has its dead letter on the topic. At least once, not exactly once: a
 * job restored from a checkpoint re-reads the records after it and writes their dead letters again.
 *
 * <p>A record schema has no close hook, so the producer is opened at the first dead letter and
 * closed after {@link #IDLE_CLOSE} without one: a cancelled job leaves no producer behind.
 */
final class KafkaDeadLetterWriter implements DeadLetterWriter {
  static final Duration IDLE_CLOSE = Duration.ofSeconds(30);
  private static final ScheduledExecutorService CLOSER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "cflink-dead-letter-closer");
            t.setDaemon(true);
            return t;
          });

  private final Properties props;
  private final String topic;
  private KafkaProducer<byte[], byte[]> producer;
  private long lastWrite;

  private KafkaDeadLetterWriter(Properties props, String topic) {
    this.props = props;
    this.topic = topic;
  }

  private synchronized KafkaProducer<byte[], byte[]> producer() {
    lastWrite = System.nanoTime();
    if (producer == null) {
      producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
      CLOSER.schedule(this::closeIfIdle, IDLE_CLOSE.toMillis(), TimeUnit.MILLISECONDS);
    }
    return producer;
  }

  private synchronized void closeIfIdle() {
    long idle = System.nanoTime() - lastWrite;
    if (idle < IDLE_CLOSE.toNanos()) {
      CLOSER.schedule(this::closeIfIdle, IDLE_CLOSE.toNanos() - idle, TimeUnit.NANOSECONDS);
      return;
    }
    producer.close(Duration.ofSeconds(5));
    producer = null;
  }

  static final Factory FACTORY =
      config -> new KafkaDeadLetterWriter(producerProperties(config.clientProperties()), config.deadLetterTopic());

  /** The source's connection and authentication settings; nothing consumer-specific. */
  static Properties producerProperties(Properties source) {
    Properties p = new Properties();
    for (String name : source.stringPropertyNames()) {
      if (name.equals("bootstrap.servers") || name.equals("security.protocol") || name.startsWith("sasl.")) {
        p.setProperty(name, source.getProperty(name));
      }
    }
    p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "cflink-dead-letters");
    return p;
  }

  @Override
  public void write(DeadLetterRecord record) throws IOException {
    try {
      producer().send(new ProducerRecord<>(topic, null, record.toJsonBytes())).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while writing a dead letter to " + topic, e);
    } catch (ExecutionException e) {
      throw new IOException("Could not write a dead letter to " + topic + ": " + e.getCause().getMessage(), e.getCause());
    }
  }
}
