package dev.reel.platform.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.AssetId;
import dev.reel.common.event.Topic;
import dev.reel.platform.embedded.EmbeddedKafka;
import dev.reel.platform.embedded.FreePort;
import dev.reel.platform.embedded.Jars;
import dev.reel.platform.embedded.ProcStat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's first command, {@code ./reel up}: the launcher as a process of its own, on free
 * ports and a fresh data directory, started, used and stopped as a user does it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PlatformUpTest {

  private static final int REQUESTS = 200;

  private Process platform;

  @AfterEach
  void stopWhatIsLeft() throws Exception {
    if (platform != null && platform.isAlive()) {
      platform.descendants().forEach(ProcessHandle::destroyForcibly);
      platform.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("up: admin at nice 10, each child in a session of its own; a stop loses no access "
      + "log record, because the services stop before Kafka")
  void upAndStop() throws Exception {
    Path data = newDataDir();
    Map<String, Integer> ports = freePorts();
    Path log = up(data, ports);

    List<ProcessHandle> children = platform.children().toList();
    assertEquals(6, children.size(), "Kafka, S3 and the four services: " + describe(children));
    for (ProcessHandle child : children) {
      assertEquals(child.pid(), ProcStat.session(child.pid()),
          "a Ctrl-C in the terminal must reach the launcher only: " + describe(List.of(child)));
      String command = child.info().commandLine().orElse("");
      assertEquals(command.contains("admin-service.jar") ? 10 : 0, ProcStat.nice(child.pid()), command);
    }

    String assetId = AssetId.generate();
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < REQUESTS; i++) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + ports.get("REEL_DELIVERY_PORT") + "/v1/media/" + assetId
                  + "/cmaf/720p/seg_" + i + ".m4s")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(404, response.statusCode(), response.body());
    }

    // SIGTERM, as a service manager stops it.
    platform.destroy();
    assertTrue(platform.waitFor(90, TimeUnit.SECONDS), "the launcher did not stop");
    assertEquals(143, platform.exitValue(), Files.readString(log));
    for (ProcessHandle child : children) {
      assertTrue(child.onExit().get(10, TimeUnit.SECONDS) != null && !child.isAlive());
    }
    String output = Files.readString(log);
    assertTrue(output.indexOf("Stopped delivery") < output.indexOf("Stopped kafka"), output);

    // The broker again, on the platform's data: every request's record is there.
    try (EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"), "127.0.0.1",
        ports.get("REEL_KAFKA_PORT"), ports.get("REEL_KAFKA_CONTROLLER_PORT"),
        data.resolve("logs/kafka-after.log"))) {
      assertEquals(REQUESTS, accessRecordsOf(kafka.bootstrapServers(), assetId));
    }
  }

  @Test
  @DisplayName("a child that ends while the platform is up (admin, killed) makes the launcher say "
      + "which, stop the rest and exit with 1")
  void aChildDies() throws Exception {
    Path log = up(newDataDir(), freePorts());
    List<ProcessHandle> children = platform.children().toList();
    ProcessHandle admin = children.stream()
        .filter(child -> child.info().commandLine().orElse("").contains("admin-service.jar"))
        .findFirst().orElseThrow(() -> new AssertionError(describe(children)));

    admin.destroyForcibly();

    assertTrue(platform.waitFor(90, TimeUnit.SECONDS), "the launcher went on without admin");
    String output = Files.readString(log);
    assertEquals(1, platform.exitValue(), output);
    assertTrue(output.contains("admin (pid " + admin.pid() + ") exited with code 137"), output);
    for (ProcessHandle child : children) {
      assertTrue(child.onExit().get(10, TimeUnit.SECONDS) != null && !child.isAlive());
    }
  }

  @Test
  @DisplayName("a service that fails to start (delivery, a bad setting) stops the platform with "
      + "exit 1, and every part with it, those that were still starting included")
  void aServiceFailsToStart() throws Exception {
    Path data = newDataDir();
    Path log = data.resolveSibling(data.getFileName() + ".log");
    platform = launcher(data, freePorts(), log, Map.of("REEL_DELIVERY_PUBLIC_ASSETS", "foo/bar"))
        .start();
    // Every process the launcher started, seen while it ran, with its latest command line (a
    // child is first seen as the JDK's spawn helper, before it runs java).
    Map<ProcessHandle, String> seen = new java.util.HashMap<>();
    while (!platform.waitFor(100, TimeUnit.MILLISECONDS)) {
      platform.descendants().forEach(child -> seen.put(child,
          child.info().commandLine().orElse(seen.getOrDefault(child, ""))));
    }

    String output = Files.readString(log);
    assertEquals(1, platform.exitValue(), output);
    assertTrue(output.contains("the platform did not start: delivery"), output);
    assertTrue(seen.values().stream().anyMatch(command -> command.contains("admin-service.jar")),
        "admin was started: " + seen.values());
    // Stopped by the launcher before it exited, not left to notice it had gone.
    Thread.sleep(500);
    List<ProcessHandle> alive = seen.keySet().stream().filter(ProcessHandle::isAlive).toList();
    alive.forEach(ProcessHandle::destroyForcibly);
    assertEquals(List.of(), alive, "left running: " + describe(alive) + "\n" + output);
  }

  private static Path newDataDir() throws Exception {
    return Files.createDirectories(Path.of("target", "platform-up-test").toAbsolutePath())
        .resolve("run-" + System.nanoTime());
  }

  private static Map<String, Integer> freePorts() {
    return Map.of("REEL_DELIVERY_PORT", FreePort.find(),
        "REEL_INGEST_PORT", FreePort.find(), "REEL_TRANSCODE_PORT", FreePort.find(),
        "REEL_ADMIN_PORT", FreePort.find(), "REEL_S3_PORT", FreePort.find(),
        "REEL_KAFKA_PORT", FreePort.find(), "REEL_KAFKA_CONTROLLER_PORT", FreePort.find());
  }

  /** Starts {@code ./reel up}'s launcher on {@code data} and {@code ports}; answers its output. */
  private Path up(Path data, Map<String, Integer> ports) throws Exception {
    Path log = data.resolveSibling(data.getFileName() + ".log");
    platform = launcher(data, ports, log, Map.of()).start();
    awaitLine(log, "Ctrl-C stops everything.", Duration.ofMinutes(3));
    return log;
  }

  /** {@code ./reel up}'s launcher on {@code data} and {@code ports}, its output to {@code log}. */
  private static ProcessBuilder launcher(Path data, Map<String, Integer> ports, Path log,
      Map<String, String> settings) {
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-D" + Jars.HOME_PROPERTY + "=" + Jars.home(),
        "-cp", System.getProperty("java.class.path"), "dev.reel.platform.PlatformMain", "up"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("REEL_"));
    builder.environment().put("REEL_DATA_DIR", data.toString());
    builder.environment().put("REEL_DELIVERY_PUBLIC_ASSETS", "*");
    // Records wait in delivery for 10 s before they go: all of upAndStop's are still there when
    // the stop comes, and reach Kafka only if delivery stops while Kafka still runs.
    builder.environment().put("REEL_DELIVERY_ACCESS_LOG_LINGER_MS", "10000");
    ports.forEach((key, port) -> builder.environment().put(key, port.toString()));
    builder.environment().putAll(settings);
    return builder;
  }

  private static long accessRecordsOf(String bootstrap, String assetId) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topic.DELIVERY_ACCESS.topicName(),
              Duration.ofSeconds(30)).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long found = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        assertTrue(System.nanoTime() < deadline, "delivery.access not read to its end in 60 s");
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          if (new String(record.value(), StandardCharsets.UTF_8).contains(assetId)) {
            found++;
          }
        }
      }
      return found;
    }
  }

  private static void awaitLine(Path log, String line, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(log) || !Files.readString(log).contains(line)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no '" + line + "' within " + timeout + ":\n"
            + (Files.exists(log) ? Files.readString(log) : "(no output)"));
      }
      Thread.sleep(200);
    }
  }

  private static String describe(List<ProcessHandle> processes) {
    return processes.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
        .collect(Collectors.joining("; "));
  }
}
