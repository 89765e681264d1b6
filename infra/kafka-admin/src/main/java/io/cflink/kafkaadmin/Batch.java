package io.cflink.kafkaadmin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * One run of the tool, read from standard input so that no secret is ever on a command line:
 *
 * <pre>
 * connect broker|controller HOST:PORT[,…] SCRAM-SHA-512|PLAIN USER PASSWORD-BASE64
 * list
 * upsert USER PASSWORD-BASE64
 * delete USER
 * </pre>
 *
 * The connect line comes first; the others in any number and order.
 */
public final class Batch {
  /** User names cflink gives Kafka identities: principal ids, API key ids, its own identities. */
  static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  static final Pattern SERVERS = Pattern.compile("[A-Za-z0-9.:\\[\\]_-]+(,[A-Za-z0-9.:\\[\\]_-]+)*");

  final boolean controller;
  final String servers;
  final String mechanism;
  final String user;
  final String password;
  final boolean list;
  final Map<String, String> upserts;
  final List<String> deletions;

  private Batch(boolean controller, String servers, String mechanism, String user, String password, boolean list,
      Map<String, String> upserts, List<String> deletions) {
    this.controller = controller;
    this.servers = servers;
    this.mechanism = mechanism;
    this.user = user;
    this.password = password;
    this.list = list;
    this.upserts = upserts;
    this.deletions = deletions;
  }

  static Batch parse(List<String> lines) {
    Batch connect = null;
    boolean list = false;
    Map<String, String> upserts = new LinkedHashMap<>();
    List<String> deletions = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty()) continue;
      String[] w = line.split(" ");
      switch (w[0]) {
        case "connect" -> {
          expect(w, 6, "connect broker|controller SERVERS MECHANISM USER PASSWORD-BASE64");
          if (connect != null) throw new IllegalArgumentException("more than one connect line");
          if (!w[1].equals("broker") && !w[1].equals("controller")) {
            throw new IllegalArgumentException("connect: broker or controller, got " + w[1]);
          }
          if (!SERVERS.matcher(w[2]).matches()) throw new IllegalArgumentException("connect: bad servers");
          if (!w[3].equals("SCRAM-SHA-512") && !w[3].equals("PLAIN")) {
            throw new IllegalArgumentException("connect: mechanism SCRAM-SHA-512 or PLAIN, got " + w[3]);
          }
          connect = new Batch(w[1].equals("controller"), w[2], w[3], user(w[4]), secret(w[5]), false, Map.of(), List.of());
        }
        case "list" -> {
          expect(w, 1, "list");
          list = true;
        }
        case "upsert" -> {
          expect(w, 3, "upsert USER PASSWORD-BASE64");
          upserts.put(user(w[1]), secret(w[2]));
        }
        case "delete" -> {
          expect(w, 2, "delete USER");
          deletions.add(user(w[1]));
        }
        default -> throw new IllegalArgumentException("unknown command " + w[0]);
      }
    }
    if (connect == null) throw new IllegalArgumentException("the first command must be connect");
    for (String d : deletions) {
      if (upserts.containsKey(d)) throw new IllegalArgumentException("user " + d + " is both upserted and deleted");
    }
    return new Batch(connect.controller, connect.servers, connect.mechanism, connect.user, connect.password, list,
        upserts, deletions);
  }

  /** Admin client settings: SASL over plaintext loopback, as infra/engine.sh configures the broker. */
  Properties adminProperties() {
    Properties p = new Properties();
    p.put(controller ? "bootstrap.controllers" : "bootstrap.servers", servers);
    p.put("security.protocol", "SASL_PLAINTEXT");
    p.put("sasl.mechanism", mechanism);
    String module = mechanism.equals("PLAIN")
        ? "org.apache.kafka.common.security.plain.PlainLoginModule"
        : "org.apache.kafka.common.security.scram.ScramLoginModule";
    p.put("sasl.jaas.config", jaas(module, user, password));
    p.put("client.id", "cflink-kafka-admin");
    p.put("request.timeout.ms", "15000");
    p.put("default.api.timeout.ms", "30000");
    return p;
  }

  /** A JAAS line with both values quoted; quotes and backslashes in them are escaped. */
  static String jaas(String module, String user, String password) {
    return module + " required username=\"" + escape(user) + "\" password=\"" + escape(password) + "\";";
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static void expect(String[] words, int n, String usage) {
    if (words.length != n) throw new IllegalArgumentException("usage: " + usage);
  }

  private static String user(String s) {
    if (!USER.matcher(s).matches()) throw new IllegalArgumentException("bad user name " + s);
    return s;
  }

  private static String secret(String b64) {
    String s;
    try {
      s = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a password is not base64");
    }
    if (s.isEmpty()) throw new IllegalArgumentException("an empty password");
    return s;
  }
}
