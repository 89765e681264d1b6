package io.cflink.kafkaadmin;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.errors.ResourceNotFoundException;

/**
 * Lists, creates or replaces, and deletes SCRAM-SHA-512 credentials in one admin connection (see
 * {@link Batch} for the input). Prints {@code user NAME} for each user holding a credential when
 * asked to list (before the changes), then {@code ok}; on failure {@code error MESSAGE} and exit 1.
 * Passwords are never printed.
 */
public final class ScramAdmin {
  /** Kafka's minimum for SCRAM-SHA-512; the credentials are random or derived, not chosen by people. */
  static final int ITERATIONS = 4096;

  public static void main(String[] args) throws Exception {
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) lines.add(line);
    }
    try {
      Batch batch = Batch.parse(lines);
      try (Admin admin = Admin.create(batch.adminProperties())) {
        run(admin, batch);
      }
      System.out.println("ok");
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      System.out.println("error " + cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage()).replace('\n', ' '));
      System.exit(1);
    }
  }

  static void run(Admin admin, Batch batch) throws Exception {
    if (batch.list) {
      TreeSet<String> users = new TreeSet<>();
      try {
        Map<String, UserScramCredentialsDescription> all = admin.describeUserScramCredentials().all().get();
        for (UserScramCredentialsDescription d : all.values()) {
          if (d.credentialInfos().stream().anyMatch(i -> i.mechanism() == ScramMechanism.SCRAM_SHA_512)) {
            users.add(d.name());
          }
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof ResourceNotFoundException)) throw e;
      }
      for (String u : users) System.out.println("user " + u);
    }
    List<UserScramCredentialAlteration> changes = new ArrayList<>();
    ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS);
    batch.upserts.forEach((user, password) -> changes.add(new UserScramCredentialUpsertion(user, info, password)));
    for (String user : batch.deletions) changes.add(new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512));
    if (changes.isEmpty()) return;
    Map<String, org.apache.kafka.common.KafkaFuture<Void>> results = admin.alterUserScramCredentials(changes).values();
    for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> r : results.entrySet()) {
      try {
        r.getValue().get();
      } catch (ExecutionException e) {
        // Deleting a credential that is already gone is what was wanted.
        if (batch.deletions.contains(r.getKey()) && e.getCause() instanceof ResourceNotFoundException) continue;
        throw e;
      }
    }
  }
}
