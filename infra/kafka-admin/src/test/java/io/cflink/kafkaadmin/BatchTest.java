package io.cflink.kafkaadmin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BatchTest {
  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static final String CONNECT = "connect broker 127.0.0.1:9092 SCRAM-SHA-512 cflink-admin " + b64("s3cret\"x");

  @Test
  void parsesABatch() {
    Batch b = Batch.parse(List.of(CONNECT, "list", "upsert sa-abc " + b64("pw1"), "", "delete ABCDEFGH12345678"));
    assertFalse(b.controller);
    assertEquals("cflink-admin", b.user);
    assertEquals("s3cret\"x", b.password);
    assertTrue(b.list);
    assertEquals("pw1", b.upserts.get("sa-abc"));
    assertEquals(List.of("ABCDEFGH12345678"), b.deletions);
  }

  @Test
  void buildsAdminPropertiesWithEscapedJaas() {
    Properties p = Batch.parse(List.of(CONNECT)).adminProperties();
    assertEquals("127.0.0.1:9092", p.get("bootstrap.servers"));
    assertEquals("SASL_PLAINTEXT", p.get("security.protocol"));
    assertEquals(
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"cflink-admin\" password=\"s3cret\\\"x\";",
        p.get("sasl.jaas.config"));
  }

  @Test
  void controllerConnectionsUsePlainAndBootstrapControllers() {
    Properties p = Batch.parse(List.of("connect controller 127.0.0.1:9093 PLAIN cflink-controller " + b64("c"))).adminProperties();
    assertEquals("127.0.0.1:9093", p.get("bootstrap.controllers"));
    assertTrue(((String) p.get("sasl.jaas.config")).startsWith("org.apache.kafka.common.security.plain.PlainLoginModule"));
  }

  @Test
  void refusesMalformedInput() {
    assertThrows(IllegalArgumentException.class, () -> Batch.parse(List.of("list")));
    assertThrows(IllegalArgumentException.class, () -> Batch.parse(List.of(CONNECT, "upsert bad\"user " + b64("x"))));
    assertThrows(IllegalArgumentException.class, () -> Batch.parse(List.of(CONNECT, "upsert u-1 not*base64")));
    assertThrows(IllegalArgumentException.class, () -> Batch.parse(List.of(CONNECT, "upsert u-1 " + b64("x"), "delete u-1")));
    assertThrows(IllegalArgumentException.class, () -> Batch.parse(List.of(CONNECT, CONNECT)));
    assertThrows(IllegalArgumentException.class, () -> Batch.parse(List.of(CONNECT, "drop everything")));
    assertThrows(IllegalArgumentException.class,
        () -> Batch.parse(List.of("connect broker 127.0.0.1:9092 GSSAPI u " + b64("x"))));
  }
}
