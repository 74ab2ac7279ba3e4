package dev.reel.platform;

import dev.reel.common.service.CommandPrefix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The embedded platform's ports and data directory, from environment variables with the
 * documented defaults. Every service listens on the loopback interface unless
 * {@code REEL_HTTP_HOST} says otherwise. Each service's JVM starts with
 * {@link #SERVICE_JVM_OPTIONS}, then whatever {@code REEL_<SERVICE>_JVM_OPTIONS} adds (a later
 * {@code -Xmx} wins), and at the CPU priority {@code REEL_<SERVICE>_NICE} gives as a nice value
 * (0 to 19; by default {@link #DEFAULT_NICENESS}).
 */
record PlatformSettings(
    Path dataDir,
    String host,
    int deliveryPort,
    int ingestPort,
    int transcodePort,
    int adminPort,
    int s3Port,
    int kafkaPort,
    int kafkaControllerPort,
    Map<String, List<String>> jvmOptions,
    Map<String, Integer> niceness) {

  static final List<String> SERVICES = List.of("ingest", "transcode", "delivery", "admin");
  static final List<String> SERVICE_JVM_OPTIONS =
      List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError");
  /**
   * Admin runs at a lower CPU priority than the services on a viewer's or an uploader's path: its
   * work (archiving every request's access log record, answering the asset list) can wait a
   * few milliseconds, and on a machine shared with the edge it otherwise takes the CPU from the
   * edge's event loop right when a burst of requests (each one a record for it) needs it most.
   * Transcode's encoders are niced by transcode itself.
   */
  static final Map<String, Integer> DEFAULT_NICENESS = Map.of("admin", 10);

  static PlatformSettings fromEnvironment(Map<String, String> env) {
    return new PlatformSettings(
        Path.of(env.getOrDefault("REEL_DATA_DIR", "data")).toAbsolutePath().normalize(),
        env.getOrDefault("REEL_HTTP_HOST", "127.0.0.1"),
        port(env, "REEL_DELIVERY_PORT", 8080),
        port(env, "REEL_INGEST_PORT", 8081),
        port(env, "REEL_TRANSCODE_PORT", 8082),
        port(env, "REEL_ADMIN_PORT", 8083),
        port(env, "REEL_S3_PORT", 9000),
        port(env, "REEL_KAFKA_PORT", 9092),
        port(env, "REEL_KAFKA_CONTROLLER_PORT", 9093),
        SERVICES.stream().collect(Collectors.toUnmodifiableMap(service -> service,
            service -> jvmOptions(env, service))),
        SERVICES.stream().collect(Collectors.toUnmodifiableMap(service -> service,
            service -> niceness(env, service))));
  }

  /** The nice value a service's JVM starts at: 0 runs it at the launcher's own priority. */
  int niceness(String service) {
    return niceness.get(service);
  }

  /** The options a service's JVM starts with. */
  List<String> jvmOptions(String service) {
    return jvmOptions.get(service);
  }

  /**
   * The defaults, then the service's own variable split on white space. Every word must be an
   * option: a word without a leading '-' would end the options and be taken for the jar.
   */
  private static List<String> jvmOptions(Map<String, String> env, String service) {
    String key = "REEL_" + service.toUpperCase(Locale.ROOT) + "_JVM_OPTIONS";
    List<String> options = new ArrayList<>(SERVICE_JVM_OPTIONS);
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return List.copyOf(options);
    }
    for (String option : value.trim().split("\\s+")) {
      if (!option.startsWith("-") || option.equals("-jar")) {
        throw new IllegalArgumentException(key + " holds JVM options such as -Xmx1g, each "
            + "starting with '-' (and not -jar); '" + option + "' is not one");
      }
      options.add(option);
    }
    return List.copyOf(options);
  }

  private static int niceness(Map<String, String> env, String service) {
    return wholeNumber(env, "REEL_" + service.toUpperCase(Locale.ROOT) + "_NICE",
        DEFAULT_NICENESS.getOrDefault(service, 0), 0, CommandPrefix.MAX_NICENESS,
        "a nice value from 0 (the launcher's own priority) to " + CommandPrefix.MAX_NICENESS
            + " (the lowest)");
  }

  private static int port(Map<String, String> env, String key, int fallback) {
    return wholeNumber(env, key, fallback, 1, 65535, "a port number (1-65535)");
  }

  /**
   * The variable as a whole number from {@code min} to {@code max}, {@code fallback} when it is
   * unset or blank; otherwise refused, naming the variable, {@code what} it must be, and the
   * value.
   */
  private static int wholeNumber(Map<String, String> env, String key, int fallback, int min,
      int max, String what) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value.trim());
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException(key + " must be " + what + ", was '" + value + "'");
  }

  Map<String, Integer> portsByKey() {
    return Map.of("REEL_DELIVERY_PORT", deliveryPort, "REEL_INGEST_PORT", ingestPort,
        "REEL_TRANSCODE_PORT", transcodePort, "REEL_ADMIN_PORT", adminPort,
        "REEL_S3_PORT", s3Port, "REEL_KAFKA_PORT", kafkaPort,
        "REEL_KAFKA_CONTROLLER_PORT", kafkaControllerPort);
  }
}
