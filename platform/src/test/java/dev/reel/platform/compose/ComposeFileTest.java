package dev.reel.platform.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.admin.config.AdminConfig;
import dev.reel.common.config.ConfigReader;
import dev.reel.delivery.config.DeliveryConfig;
import dev.reel.ingest.config.IngestConfig;
import dev.reel.platform.embedded.Jars;
import dev.reel.transcode.config.TranscodeConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where the tests run, so docker-compose.yml is checked by reading it: each
 * service sets only configuration keys its own config reader reads, its settings pass that
 * reader's validation, it listens on the port it publishes, on all interfaces, and it points at
 * the Kafka and MinIO services the file defines.
 */
class ComposeFileTest {

  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?([-?])([^}]*))?}");
  private static final String PLACEHOLDER_SECRET = "compose-secret-0123456789abcdef";

  private static Map<String, Object> services;
  private static Map<String, Object> secrets;

  record ServiceUnderTest(String name, String portKey, JsonObject defaults,
      Function<ConfigReader, ?> parse) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> services() {
    return Stream.of(
        new ServiceUnderTest("ingest", IngestConfig.PORT, IngestConfig.defaults(),
            IngestConfig::read),
        new ServiceUnderTest("transcode", TranscodeConfig.PORT, TranscodeConfig.defaults(),
            TranscodeConfig::read),
        new ServiceUnderTest("delivery", DeliveryConfig.PORT, DeliveryConfig.defaults(),
            DeliveryConfig::read),
        new ServiceUnderTest("admin", AdminConfig.PORT, AdminConfig.defaults(),
            AdminConfig::read))
        .map(Arguments::of);
  }

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void readComposeFile() throws IOException {
    try (Reader reader = Files.newBufferedReader(Jars.home().resolve("docker-compose.yml"))) {
      Map<String, Object> document = new Yaml().load(reader);
      services = (Map<String, Object>) document.get("services");
      secrets = (Map<String, Object>) document.getOrDefault("secrets", Map.of());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  @DisplayName("every environment variable a service gets is one its config reads, and valid")
  void environmentMatchesConfig(ServiceUnderTest service) {
    Map<String, String> env = environment(service.name());
    ConfigReader reader = new ConfigReader(service.defaults().copy().mergeIn(new JsonObject(
        Map.copyOf(env))));
    service.parse().apply(reader);
    Set<String> unread = new TreeSet<>(env.keySet());
    unread.removeAll(reader.keysRead());
    assertTrue(unread.isEmpty(), service.name() + " sets keys its config never reads: " + unread);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  @DisplayName("a service listens on all interfaces, on the port it publishes")
  void publishesItsPort(ServiceUnderTest service) {
    Map<String, String> env = environment(service.name());
    assertEquals("0.0.0.0", env.get("REEL_HTTP_HOST"), "a container must not bind loopback");
    List<String> ports = list(service(service.name()).get("ports"));
    assertEquals(1, ports.size(), service.name() + " publishes one port");
    String containerPort = ports.get(0).substring(ports.get(0).lastIndexOf(':') + 1);
    assertEquals(env.get(service.portKey()), containerPort);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  @DisplayName("a service reaches the Kafka and MinIO of the same file, and the bucket exists")
  void pointsAtComposeInfrastructure(ServiceUnderTest service) {
    Map<String, String> env = environment(service.name());
    Map<String, String> kafkaEnv = stringMap(service("kafka").get("environment"));
    String advertised = kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS");
    assertTrue(advertised.contains("PLAINTEXT://" + env.get("REEL_KAFKA_BOOTSTRAP_SERVERS")),
        "bootstrap " + env.get("REEL_KAFKA_BOOTSTRAP_SERVERS") + " vs " + advertised);
    URI s3 = URI.create(env.get("REEL_S3_ENDPOINT"));
    assertTrue(services.containsKey(s3.getHost()), "no service named " + s3.getHost());
    assertTrue(list(service(s3.getHost()).get("ports")).stream()
        .anyMatch(p -> p.endsWith(":" + s3.getPort())), "MinIO does not serve " + s3.getPort());
    String init = String.valueOf(service("minio-init").get("entrypoint"));
    assertTrue(init.contains("local/" + env.get("REEL_S3_BUCKET")),
        "minio-init does not create bucket " + env.get("REEL_S3_BUCKET"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  @DisplayName("a service's image is built from its own module's runnable jar")
  @SuppressWarnings("unchecked")
  void buildsFromItsModule(ServiceUnderTest service) throws IOException {
    Map<String, Object> build = (Map<String, Object>) service(service.name()).get("build");
    String module = String.valueOf(((Map<String, Object>) build.get("args")).get("SERVICE"));
    assertEquals(service.name() + "-service", module);
    Path pom = Jars.home().resolve(module).resolve("pom.xml");
    assertTrue(Files.readString(pom).contains("<artifactId>" + module + "</artifactId>"),
        "the Dockerfile copies target/" + module + ".jar, named after the artifactId");
    String dockerfile = Files.readString(Jars.home().resolve("Dockerfile"));
    assertTrue(dockerfile.contains("${SERVICE}/target/${SERVICE}.jar"));
    assertTrue(dockerfile.contains("${SERVICE}/target/lib/"));
  }

  @Test
  @DisplayName("secrets have no defaults in the compose file")
  void secretsAreRequired() {
    for (String name : List.of("ingest", "delivery", "admin")) {
      Object raw = stringMap(service(name).get("environment")).get("REEL_API_KEY");
      assertTrue(String.valueOf(raw).contains(":?"), name + " must require REEL_API_KEY");
    }
  }

  @Test
  @DisplayName("delivery's signing key is a compose secret, mounted where its config reads it")
  @SuppressWarnings("unchecked")
  void signingKeyIsASecret() {
    String file = environment("delivery").get("REEL_SIGNING_PRIVATE_KEY_FILE");
    assertTrue(file.startsWith("/run/secrets/"), file);
    String name = file.substring("/run/secrets/".length());
    assertTrue(list(service("delivery").get("secrets")).contains(name),
        "delivery does not mount secret " + name);
    Map<String, Object> secret = (Map<String, Object>) secrets.get(name);
    assertTrue(secret != null && String.valueOf(secret.get("file")).startsWith("./secrets/"),
        "no top-level secret " + name + " read from ./secrets/");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) {
    Map<String, Object> service = (Map<String, Object>) services.get(name);
    if (service == null) {
      throw new AssertionError("docker-compose.yml has no service " + name);
    }
    return service;
  }

  /** The service's environment as the container would see it, with ${...} resolved. */
  private static Map<String, String> environment(String name) {
    Map<String, String> resolved = new java.util.TreeMap<>();
    stringMap(service(name).get("environment")).forEach((key, value) ->
        resolved.put(key, interpolate(value)));
    return resolved;
  }

  private static String interpolate(String value) {
    Matcher m = INTERPOLATION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = "-".equals(m.group(2)) ? m.group(3) : PLACEHOLDER_SECRET;
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> stringMap(Object raw) {
    Map<String, String> out = new java.util.TreeMap<>();
    ((Map<String, Object>) raw).forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Object raw) {
    return raw == null ? List.of() : ((List<Object>) raw).stream().map(String::valueOf).toList();
  }
}
