package dev.reel.bench.platform;

import dev.reel.common.files.DirectoryTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;

/**
 * The embedded platform as a child process: exactly what {@code ./reel up} runs, on the bench's
 * own ports and a fresh data directory, so the numbers describe the real thing and a developer's
 * running instance is never touched.
 */
public final class Platform implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
  private static final String READY_LINE = "Reel is up.";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  public static final String BUCKET = "reel";
  public static final String S3_ACCESS_KEY = "reel";

  /** Which jar on a child's command line names which service. */
  private static final Map<String, String> JARS = new LinkedHashMap<>();

  static {
    JARS.put("ingest", "ingest-service.jar");
    JARS.put("transcode", "transcode-service.jar");
    JARS.put("delivery", "delivery-service.jar");
    JARS.put("admin", "admin-service.jar");
    JARS.put("s3", "reel-embedded-s3.jar");
    JARS.put("kafka", "reel-embedded-kafka.jar");
  }

  private final Process process;
  private final Ports ports;
  private final Path dataDir;
  private final Path log;
  private final Deque<String> tail = new ArrayDeque<>();
  private final CountDownLatch ready = new CountDownLatch(1);

  private Platform(Process process, Ports ports, Path dataDir, Path log) {
    this.process = process;
    this.ports = ports;
    this.dataDir = dataDir;
    this.log = log;
  }

  /**
   * Wipes {@code dataDir} (each run measures the same fresh state and the disk does not fill up
   * with old gigabyte uploads), starts {@code platform/target/reel-platform.jar up} from
   * {@code home} (the source tree or a {@link Snapshot} of its jars) and returns once it printed
   * {@value #READY_LINE}.
   */
  /** Media the bench platform serves unsigned: all of it. */
  public static final String PUBLIC_ASSETS = "*";

  public static Platform start(Path home, Path dataDir, Ports ports, Path log) {
    Path jar = home.resolve("platform/target/reel-platform.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run ./reel build first");
    }
    DirectoryTree.delete(dataDir);
    ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", jar.toString(), "up")
        .directory(home.toFile())
        .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    // A developer's own REEL_* settings (an API key, a config file) must not leak into the bench
    // platform: the harness reads the generated secrets from the data directory.
    env.keySet().removeIf(key -> key.startsWith("REEL_"));
    env.put("REEL_DATA_DIR", dataDir.toString());
    // The anchors (nginx, S3) serve without signatures: so does delivery, for the same bytes.
    env.put("REEL_DELIVERY_PUBLIC_ASSETS", PUBLIC_ASSETS);
    env.putAll(ports.environment());
    Process process;
    try {
      Files.createDirectories(log.getParent());
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + jar, e);
    }
    Platform platform = new Platform(process, ports, dataDir, log);
    LOG.info("starting the platform (pid {}), log in {}", process.pid(), log);
    platform.pumpOutput();
    platform.awaitReady();
    return platform;
  }

  public Ports ports() {
    return ports;
  }

  public Path dataDir() {
    return dataDir;
  }

  public long pid() {
    return process.pid();
  }

  public URI ingest() {
    return URI.create("http://127.0.0.1:" + ports.ingest());
  }

  public URI delivery() {
    return URI.create("http://127.0.0.1:" + ports.delivery());
  }

  public URI s3Endpoint() {
    return URI.create("http://127.0.0.1:" + ports.s3());
  }

  public String kafkaBootstrap() {
    return "127.0.0.1:" + ports.kafka();
  }

  public String apiKey() {
    return secret("api-key");
  }

  public String s3SecretKey() {
    return secret("s3-secret-key");
  }

  /**
   * {@code url} (a delivery URL) signed with the key pair the platform generated, a canned
   * policy valid for {@code valid}: playback is private, and the bench measures the real path,
   * signature check included.
   */
  public String signedUrl(String url, Duration valid) {
    Path privateKey = dataDir.resolve("secrets").resolve("signing-key.pem");
    return CloudFrontUtilities.create().getSignedUrlWithCannedPolicy(r -> {
      try {
        r.resourceUrl(url).privateKey(privateKey).keyPairId(secret("signing-key-id"))
            .expirationDate(Instant.now().plus(valid));
      } catch (Exception e) {
        throw new IllegalStateException("cannot read the signing key " + privateKey, e);
      }
    }).url();
  }

  /** The platform's child processes (services, S3, Kafka) by name, found by their jar. */
  public List<ServiceProcess> processes() {
    List<ServiceProcess> found = new ArrayList<>();
    List<ProcessHandle> children = process.toHandle().descendants().toList();
    JARS.forEach((name, jarName) -> children.stream()
        .filter(child -> commandLine(child.pid()).contains(jarName))
        .findFirst()
        .ifPresent(child -> found.add(new ServiceProcess(name, child.pid(), metricsUrl(name),
            true))));
    return found;
  }

  public Optional<ServiceProcess> process(String name) {
    return processes().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  private String metricsUrl(String name) {
    Integer port = switch (name) {
      case "ingest" -> ports.ingest();
      case "transcode" -> ports.transcode();
      case "delivery" -> ports.delivery();
      case "admin" -> ports.admin();
      default -> null;
    };
    return port == null ? null : "http://127.0.0.1:" + port + "/metrics";
  }

  /** SIGTERM (the platform stops its children in order), then a kill if it hangs. */
  @Override
  public synchronized void close() {
    if (!process.isAlive()) {
      return;
    }
    LOG.info("stopping the platform");
    List<ProcessHandle> children = process.toHandle().descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("the platform ignored SIGTERM for {} s: killing it and its children",
            STOP_TIMEOUT.toSeconds());
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      children.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void pumpOutput() {
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
          Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          out.write(line);
          out.write('\n');
          out.flush();
          synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > 30) {
              tail.removeFirst();
            }
          }
          if (line.trim().equals(READY_LINE)) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        LOG.debug("platform output closed: {}", e.toString());
      }
    }, "platform-output");
    pump.setDaemon(true);
    pump.start();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (ready.await(200, TimeUnit.MILLISECONDS)) {
          LOG.info("the platform is up");
          return;
        }
        if (!process.isAlive()) {
          throw new IllegalStateException("the platform exited with " + process.exitValue()
              + " before it was up:\n" + tail());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
    throw new IllegalStateException("the platform was not up within "
        + START_TIMEOUT.toSeconds() + " s:\n" + tail());
  }

  private String tail() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  private String secret(String name) {
    Path file = dataDir.resolve("secrets").resolve(name);
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The full command line from /proc (ProcessHandle.Info may truncate it). */
  static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
          StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  /** The same JVM that runs the harness, so the platform runs on the Java the report names. */
  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
