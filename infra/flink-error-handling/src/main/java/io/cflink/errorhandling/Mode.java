package io.cflink.errorhandling;

import java.util.Locale;

/** What happens to a record that cannot be deserialized. */
public enum Mode {
  /** The job fails without restarting: the same record would fail every retry. */
  FAIL,
  /** The record is skipped and counted. */
  IGNORE,
  /** The record is skipped, counted and written to the dead-letter topic. */
  LOG;

  public static Mode parse(String value) {
    try {
      return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "error-handling.mode must be fail, ignore or log, not '" + value + "'", e);
    }
  }
}
