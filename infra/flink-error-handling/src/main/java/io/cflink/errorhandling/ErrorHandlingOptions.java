package io.cflink.errorhandling;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The connector options cflink's worker sets on every table it replays into a session. Tenants
 * never set them directly: the worker translates a table's {@code error-handling.mode} and
 * {@code error-handling.log.target} into these, with the target's physical topic.
 */
public final class ErrorHandlingOptions {
  private ErrorHandlingOptions() {}

  public static final ConfigOption<String> MODE =
      ConfigOptions.key("error-handling.mode")
          .stringType()
          .defaultValue("fail")
          .withDescription("What a record that cannot be deserialized does: fail, ignore or log.");

  public static final ConfigOption<String> LOG_TOPIC =
      ConfigOptions.key("error-handling.log.topic")
          .stringType()
          .noDefaultValue()
          .withDescription("The dead-letter topic of mode log (the target table's topic).");

  public static final ConfigOption<Integer> MAX_RECORD_BYTES =
      ConfigOptions.key("error-handling.max-record-bytes")
          .intType()
          .noDefaultValue()
          .withDescription(
              "The topic's max.message.bytes: a record the sink would write over it (or over the producer's"
                  + " max.request.size) follows the mode instead of failing the transaction.");

  public static final ConfigOption<String> STATEMENT =
      ConfigOptions.key("error-handling.statement")
          .stringType()
          .noDefaultValue()
          .withDescription("The statement reading the table, written into its dead-letter records.");
}
