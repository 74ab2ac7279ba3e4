package dev.reel.platform;

import dev.reel.common.kafka.KafkaClients;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.common.kafka.TopicSetup;
import dev.reel.common.s3.S3Clients;
import dev.reel.common.s3.S3Settings;
import dev.reel.platform.embedded.ChildProcess;
import dev.reel.platform.embedded.EmbeddedKafka;
import dev.reel.platform.embedded.EmbeddedS3;
import dev.reel.platform.embedded.Jars;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * {@code ./reel up}: a real Kafka broker, an S3-compatible server and the four services, each in
 * its own JVM, with data under one directory. Ctrl-C or SIGTERM stops them all; starting again on
 * the same directory finds the media and the topics where they were.
 */
public final class PlatformMain {

  private static final Logger LOG = LoggerFactory.getLogger(PlatformMain.class);
  private static final String BUCKET = "reel";
  private static final String S3_ACCESS_KEY = "reel";
  private static final String SIGNING_KEY_ID = "REEL_SIGNING_KEY_ID";

  private final PlatformSettings settings;
  private final List<ChildProcess> services = new ArrayList<>();
  private EmbeddedKafka kafka;
  private EmbeddedS3 s3;

  private PlatformMain(PlatformSettings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) {
    String command = args.length == 0 ? "up" : args[0];
    if (!command.equals("up")) {
      System.err.println("usage: reel up");
      System.exit(64);
    }
    PlatformSettings settings;
    try {
      settings = PlatformSettings.fromEnvironment(System.getenv());
      checkPortsFree(settings);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("reel: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (!DataDirLock.acquire(settings.dataDir())) {
      System.err.println("reel: another ./reel up is using " + settings.dataDir()
          + "; stop it first, or set REEL_DATA_DIR to another directory");
      System.exit(2);
    }
    PlatformMain platform = new PlatformMain(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "reel-stop"));
    try {
      platform.start();
    } catch (RuntimeException e) {
      LOG.error("reel: the platform did not start: {}", e.getMessage());
      platform.stop();
      System.exit(1);
    }
    platform.exitIfAChildDies();
    awaitShutdown();
  }

  private void start() {
    Path data = settings.dataDir();
    Path logs = data.resolve("logs");
    String apiKey = Optional.ofNullable(System.getenv("REEL_API_KEY")).filter(k -> !k.isBlank())
        .orElseGet(() -> Secrets.loadOrCreate(data.resolve("secrets/api-key"), "reel_"));
    String s3Secret = Secrets.loadOrCreate(data.resolve("secrets/s3-secret-key"), "");
    // Playback is signed: without a key of the operator's own, one is made and kept with the data.
    boolean ownSigningKey = Optional.ofNullable(System.getenv(SIGNING_KEY_ID))
        .filter(id -> !id.isBlank()).isPresent();
    Optional<SigningKeyFiles> signingKey = ownSigningKey ? Optional.empty()
        : Optional.of(SigningKeyFiles.loadOrCreate(data.resolve("secrets")));
    String loopback = "127.0.0.1";

    var kafkaStart = CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(data.resolve("kafka"),
        loopback, settings.kafkaPort(), settings.kafkaControllerPort(), logs.resolve("kafka.log"),
        true));
    var s3Start = CompletableFuture.supplyAsync(() -> EmbeddedS3.start(data.resolve("s3"),
        loopback, settings.s3Port(), S3_ACCESS_KEY, s3Secret, logs.resolve("s3.log"), true));
    awaitEach(List.of(() -> kafka = join(kafkaStart), () -> s3 = join(s3Start)));

    KafkaSettings kafkaSettings = KafkaSettings.of(kafka.bootstrapServers());
    S3Settings s3Settings = new S3Settings(Optional.of(URI.create(s3.endpoint())), "us-east-1",
        BUCKET, Optional.of(S3_ACCESS_KEY), Optional.of(s3Secret), true);
    prepareStorageAndTopics(kafkaSettings, s3Settings);

    Map<String, String> env = new LinkedHashMap<>();
    env.put("REEL_HTTP_HOST", settings.host());
    env.put("REEL_API_KEY", apiKey);
    env.put(KafkaSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    env.put(S3Settings.ENDPOINT, s3.endpoint());
    env.put(S3Settings.REGION, "us-east-1");
    env.put(S3Settings.BUCKET, BUCKET);
    env.put(S3Settings.ACCESS_KEY, S3_ACCESS_KEY);
    env.put(S3Settings.SECRET_KEY, s3Secret);
    env.put(S3Settings.PATH_STYLE, "true");
    settings.portsByKey().forEach((key, port) -> env.put(key, String.valueOf(port)));
    // Transcode scratch files (and the unpacked bundled ffmpeg) stay with the platform's data.
    if (System.getenv("REEL_TRANSCODE_WORK_DIR") == null) {
      env.put("REEL_TRANSCODE_WORK_DIR", settings.dataDir().resolve("transcode").toString());
    }
    // So does delivery's edge cache, which then survives a restart of the platform.
    if (System.getenv("REEL_DELIVERY_CACHE_DIR") == null) {
      env.put("REEL_DELIVERY_CACHE_DIR", settings.dataDir().resolve("delivery-cache").toString());
    }

    Map<String, String> deliveryEnv = new LinkedHashMap<>(env);
    signingKey.ifPresent(key -> {
      deliveryEnv.put(SIGNING_KEY_ID, key.keyId());
      deliveryEnv.put("REEL_SIGNING_PRIVATE_KEY_FILE", key.privateKey().toString());
    });

    List<CompletableFuture<ChildProcess>> starting = new ArrayList<>();
    for (String service : PlatformSettings.SERVICES) {
      Map<String, String> serviceEnv = service.equals("delivery") ? deliveryEnv : env;
      starting.add(CompletableFuture.supplyAsync(() -> startService(service, serviceEnv, logs)));
    }
    awaitEach(starting.stream().<Runnable>map(child -> () -> services.add(join(child))).toList());
    printBanner(apiKey, s3Secret, signingKey, logs);
  }

  /**
   * A platform with one of its parts gone is broken in ways a user would find out one request at
   * a time (delivery's port dead, uploads never transcoded): the launcher says which part ended
   * and stops the rest, with exit code 1, so that the terminal or a service manager sees it.
   */
  private void exitIfAChildDies() {
    List<ChildProcess> children = new ArrayList<>(services);
    children.add(kafka.child());
    children.add(s3.child());
    for (ChildProcess child : children) {
      child.onUnexpectedExit(code -> {
        LOG.error("reel: {} (pid {}) exited with code {} while the platform was up; its log is "
            + "{}. Stopping the platform.", child.name(), child.pid(), code, child.logFile());
        System.exit(1);
      });
    }
  }

  private ChildProcess startService(String service, Map<String, String> env, Path logs) {
    var builder = ChildProcess.builder(Jars.home().resolve(service + "-service/target/"
            + service + "-service.jar"))
        .name(service)
        .jvmOptions(settings.jvmOptions(service))
        .niceness(settings.niceness(service))
        // Stopped by stop(), before Kafka and S3, so their last records and writes get through.
        .stoppedByOwner()
        .logFile(logs.resolve(service + ".log"))
        .readyKeyword(service)
        .readyTimeout(Duration.ofSeconds(90));
    env.forEach(builder::env);
    return builder.start();
  }

  private static void prepareStorageAndTopics(KafkaSettings kafkaSettings, S3Settings s3Settings) {
    try (var client = S3Clients.async(s3Settings)) {
      client.createBucket(b -> b.bucket(s3Settings.bucket())).join();
      LOG.info("created bucket {}", s3Settings.bucket());
    } catch (java.util.concurrent.CompletionException e) {
      if (!(e.getCause() instanceof BucketAlreadyOwnedByYouException)
          && !String.valueOf(e.getCause()).contains("BucketAlreadyExists")) {
        throw new IllegalStateException("cannot create bucket: " + e.getCause(), e);
      }
    }
    Vertx vertx = Vertx.vertx();
    try {
      var admin = KafkaClients.admin(vertx, kafkaSettings);
      TopicSetup.ensureAll(admin, kafkaSettings).eventually(admin::close).await();
    } finally {
      vertx.close().await();
    }
  }

  /** How delivery is reached: https once it has a certificate, as delivery itself reads it. */
  static String deliveryScheme(java.util.function.UnaryOperator<String> env) {
    String certificate = env.apply("REEL_DELIVERY_TLS_CERT_FILE");
    return certificate == null || certificate.isBlank() ? "http" : "https";
  }

  /**
   * What the banner says of who may play media, from the same settings delivery reads: private
   * unless signing is off or some assets are made public.
   */
  static String accessNote(java.util.function.UnaryOperator<String> env) {
    String required = Optional.ofNullable(env.apply("REEL_SIGNING_REQUIRED")).orElse("")
        .trim().toLowerCase(java.util.Locale.ROOT);
    if (List.of("false", "no", "0").contains(required)) {
      return "signing is off (REEL_SIGNING_REQUIRED=" + required + "): every asset plays "
          + "unsigned";
    }
    String publicAssets = Optional.ofNullable(env.apply("REEL_DELIVERY_PUBLIC_ASSETS"))
        .orElse("").trim();
    String howToSign = "sign playback URLs with it, see \"Signed playback\" in the README";
    if (publicAssets.equals("*")) {
      return "every asset is public (REEL_DELIVERY_PUBLIC_ASSETS=*): no signature needed";
    }
    if (!publicAssets.isEmpty()) {
      return "media is private except REEL_DELIVERY_PUBLIC_ASSETS=" + publicAssets + ": "
          + howToSign;
    }
    return "media is private: " + howToSign;
  }

  private void printBanner(String apiKey, String s3Secret, Optional<SigningKeyFiles> signingKey,
      Path logs) {
    String host = settings.host().equals("0.0.0.0") ? "127.0.0.1" : settings.host();
    String banner = String.join(System.lineSeparator(),
        "",
        "Reel is up.",
        "  delivery   " + deliveryScheme(System::getenv) + "://" + host + ":"
            + settings.deliveryPort(),
        "  ingest     http://" + host + ":" + settings.ingestPort(),
        "  transcode  http://" + host + ":" + settings.transcodePort() + "  (health, metrics)",
        "  admin      http://" + host + ":" + settings.adminPort(),
        "  S3         " + s3.endpoint() + "  bucket " + BUCKET + ", access key " + S3_ACCESS_KEY
            + ", secret key in " + settings.dataDir().resolve("secrets/s3-secret-key"),
        "  Kafka      " + kafka.bootstrapServers(),
        "  API key    " + apiKey,
        signingKey.map(key -> "  signing    key pair id " + key.keyId() + ", private key "
            + key.privateKey() + System.lineSeparator()
            + "             (" + accessNote(System::getenv) + ")")
            .orElse("  signing    key pair id " + System.getenv(SIGNING_KEY_ID)
                + " (from the environment)"),
        "  data       " + settings.dataDir(),
        "  logs       " + logs,
        "",
        "Try:  curl -H 'Authorization: Bearer " + apiKey + "' -H 'Content-Type: video/mp4' "
            + "--data-binary @clip.mp4 http://" + host + ":" + settings.ingestPort()
            + "/v1/uploads",
        "Ctrl-C stops everything.",
        "");
    System.out.println(banner);
  }

  /**
   * Stops the services (at once: none waits for another), then Kafka, then S3: a service that
   * stops still sends what it holds (delivery its last access log records, admin its last
   * archive objects), so its broker and its bucket must outlive it.
   */
  private synchronized void stop() {
    services.stream()
        .map(service -> CompletableFuture.runAsync(service::stop,
            task -> new Thread(task, "stop-" + service.name()).start()))
        .toList()
        .forEach(CompletableFuture::join);
    services.clear();
    if (kafka != null) {
      kafka.stop();
    }
    if (s3 != null) {
      s3.stop();
    }
  }

  private static void checkPortsFree(PlatformSettings settings) {
    settings.portsByKey().forEach((key, port) -> {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        socket.setReuseAddress(true);
      } catch (IOException e) {
        throw new IllegalStateException("port " + port + " is already in use; is Reel already "
            + "running? Set " + key + " to use another port.");
      }
    });
  }

  /**
   * Runs every one of {@code waits} (each waits for a part to start and keeps it), and only then
   * throws the first failure: a part still starting when another failed is then kept, and
   * stopped with the rest, not left running after the launcher.
   */
  private static void awaitEach(List<Runnable> waits) {
    RuntimeException first = null;
    for (Runnable wait : waits) {
      try {
        wait.run();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime
          : new IllegalStateException(e.getCause());
    }
  }

  private static void awaitShutdown() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
