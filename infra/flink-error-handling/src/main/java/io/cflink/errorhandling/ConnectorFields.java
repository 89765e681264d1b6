package io.cflink.errorhandling;

import java.lang.reflect.Field;

/**
 * Reads and replaces private or protected fields of Flink's Kafka connector classes: the
 * connector builds its source and sink in one go, so wrapping a part of them means reaching in.
 * A connector version without the field fails loudly at planning time.
 */
final class ConnectorFields {
  private ConnectorFields() {}

  @SuppressWarnings("unchecked")
  static <T> T read(Class<?> owner, Object instance, String name) {
    try {
      return (T) field(owner, name).get(instance);
    } catch (ReflectiveOperationException e) {
      throw unsupported(owner, name, e);
    }
  }

  static void write(Class<?> owner, Object instance, String name, Object value) {
    try {
      field(owner, name).set(instance, value);
    } catch (ReflectiveOperationException e) {
      throw unsupported(owner, name, e);
    }
  }

  private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
    Field f = owner.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }

  private static IllegalStateException unsupported(Class<?> owner, String name, Exception e) {
    return new IllegalStateException(
        "Unsupported Kafka connector version: no field " + owner.getSimpleName() + "." + name, e);
  }
}
