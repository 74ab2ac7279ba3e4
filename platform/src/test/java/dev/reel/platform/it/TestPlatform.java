package dev.reel.platform.it;

import dev.reel.common.files.DirectoryTree;
import dev.reel.common.kafka.KafkaClients;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.common.kafka.TopicSetup;
import dev.reel.common.s3.S3Clients;
import dev.reel.common.s3.S3Settings;
import dev.reel.platform.SigningKeyFiles;
import dev.reel.platform.embedded.EmbeddedKafka;
import dev.reel.platform.embedded.EmbeddedS3;
import dev.reel.platform.embedded.FreePort;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The real Kafka broker and S3 server every integration test runs against, started once per
 * test JVM (so once per {@code ./mvnw verify}) and stopped when it exits. Kafka is a
 * Testcontainers broker where a Docker engine answers, and otherwise the embedded KRaft broker
 * in a child JVM; {@code -Dreel.test.kafka=embedded|testcontainers} forces one. S3 is always
 * the embedded S3Proxy: it is a real S3 server and needs no Docker.
 */
public final class TestPlatform {

  private static final Logger LOG = LoggerFactory.getLogger(TestPlatform.class);
  public static final String API_KEY = "test-api-key-0123456789abcdef";
  public static final String BUCKET = "reel-test";
  private static final String ACCESS_KEY = "reel-test";
  private static final String SECRET_KEY = "reel-test-secret-key";

  private static TestPlatform instance;

  private final Path dataDir;
  private final String kafkaMode;
  private final KafkaSettings kafka;
  private final S3Settings s3;
  private final S3AsyncClient s3Client;
  private final SigningKeyFiles signingKey;

  private TestPlatform(Path dataDir, String kafkaMode, KafkaSettings kafka, S3Settings s3) {
    this.dataDir = dataDir;
    this.kafkaMode = kafkaMode;
    this.kafka = kafka;
    this.s3 = s3;
    this.s3Client = S3Clients.async(s3);
    // Generated as ./reel up generates it: delivery checks signatures with it, tests sign with it.
    this.signingKey = SigningKeyFiles.loadOrCreate(dataDir.resolve("secrets"));
  }

  public static synchronized TestPlatform get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  private static TestPlatform start() {
    // One directory per test JVM: two builds in one work tree must not share a broker's files.
    Path dir = freshDirectory(Path.of("target", "it-platform",
        String.valueOf(ProcessHandle.current().pid())));
    EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), "127.0.0.1", FreePort.find(), ACCESS_KEY,
        SECRET_KEY, dir.resolve("s3.log"));
    String mode = chooseKafkaMode();
    String bootstrap;
    if (mode.equals("testcontainers")) {
      KafkaContainer container = new KafkaContainer("apache/kafka:4.1.0");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      bootstrap = container.getBootstrapServers();
    } else {
      EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), "127.0.0.1",
          FreePort.find(), FreePort.find(), dir.resolve("kafka.log"));
      bootstrap = broker.bootstrapServers();
    }
    LOG.info("test platform: Kafka ({}) at {}, S3 at {}", mode, bootstrap, s3.endpoint());
    TestPlatform platform = new TestPlatform(dir, mode, KafkaSettings.of(bootstrap),
        new S3Settings(Optional.of(URI.create(s3.endpoint())), "us-east-1", BUCKET,
            Optional.of(ACCESS_KEY), Optional.of(SECRET_KEY), true));
    platform.s3Client.createBucket(b -> b.bucket(BUCKET)).join();
    Vertx vertx = Vertx.vertx();
    try {
      var admin = KafkaClients.admin(vertx, platform.kafka);
      TopicSetup.ensureAll(admin, platform.kafka).eventually(admin::close).await();
    } finally {
      vertx.close().await();
    }
    return platform;
  }

  private static String chooseKafkaMode() {
    String forced = System.getProperty("reel.test.kafka", "");
    if (!forced.isBlank()) {
      return forced;
    }
    boolean dockerConfigured = System.getenv("DOCKER_HOST") != null
        || Files.exists(Path.of("/var/run/docker.sock"));
    if (!dockerConfigured) {
      return "embedded";
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable() ? "testcontainers" : "embedded";
    } catch (RuntimeException | LinkageError e) {
      return "embedded";
    }
  }

  /** Where this run's broker and S3 server keep their files. */
  public Path dataDir() {
    return dataDir;
  }

  public String kafkaMode() {
    return kafkaMode;
  }

  public KafkaSettings kafka() {
    return kafka;
  }

  public S3Settings s3() {
    return s3;
  }

  public S3AsyncClient s3Client() {
    return s3Client;
  }

  /** The key pair delivery signs and checks playback URLs with; see {@link Signing}. */
  public SigningKeyFiles signingKey() {
    return signingKey;
  }

  /**
   * Configuration every service accepts, pointing at this platform, on port 0. Tests add or
   * override keys and parse it with the service's own config reader, so the real validation
   * path runs.
   */
  public JsonObject config() {
    return new JsonObject()
        .put("REEL_HTTP_HOST", "127.0.0.1")
        .put("REEL_API_KEY", API_KEY)
        .put("REEL_INGEST_PORT", "0")
        .put("REEL_DELIVERY_PORT", "0")
        .put("REEL_TRANSCODE_PORT", "0")
        .put("REEL_ADMIN_PORT", "0")
        .put(KafkaSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .put(S3Settings.ENDPOINT, s3.endpoint().orElseThrow().toString())
        .put(S3Settings.REGION, s3.region())
        .put(S3Settings.BUCKET, s3.bucket())
        .put(S3Settings.ACCESS_KEY, ACCESS_KEY)
        .put(S3Settings.SECRET_KEY, SECRET_KEY)
        .put(S3Settings.PATH_STYLE, "true")
        .put("REEL_SIGNING_KEY_ID", signingKey.keyId())
        .put("REEL_SIGNING_PRIVATE_KEY_FILE", signingKey.privateKey().toString());
  }

  private static Path freshDirectory(Path dir) {
    try {
      DirectoryTree.delete(dir);
      return Files.createDirectories(dir).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
