package dev.reel.delivery.config;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The edge cache in front of S3: how much it may keep in memory and on local disk, where, and how
 * long it trusts what it knows about an object before asking S3 again.
 *
 * @param enabled false serves every request from S3, as delivery did before it had a cache
 * @param memoryBytes the memory level's budget (manifests and small, hot objects)
 * @param diskBytes the disk level's budget: the cache's files never take more
 * @param dir where the disk level lives; empty for the system temp dir
 * @param maxObjectBytes larger objects are streamed from S3 and never cached
 * @param manifestTtl how long a playlist's or manifest's ETag is trusted without asking S3
 *     (they change while a transcode runs; events usually drop them sooner)
 * @param objectTtl the same for everything else (segments and originals never change once
 *     written; this only bounds how long a missed event could go unnoticed)
 * @param revalidateWait how long a request for an object the cache holds, but no longer trusts,
 *     waits for S3 to confirm it; past that, or when S3 fails, the copy is served as it is
 */
public record EdgeCacheSettings(boolean enabled, long memoryBytes, long diskBytes,
    Optional<Path> dir, long maxObjectBytes, Duration manifestTtl, Duration objectTtl,
    Duration revalidateWait) {

  public static final String ENABLED = "REEL_DELIVERY_CACHE_ENABLED";
  public static final String MEMORY_BYTES = "REEL_DELIVERY_CACHE_MEMORY_BYTES";
  public static final String DISK_BYTES = "REEL_DELIVERY_CACHE_DISK_BYTES";
  public static final String DIR = "REEL_DELIVERY_CACHE_DIR";
  public static final String MAX_OBJECT_BYTES = "REEL_DELIVERY_CACHE_MAX_OBJECT_BYTES";
  public static final String MANIFEST_TTL_MS = "REEL_DELIVERY_CACHE_MANIFEST_TTL_MS";
  public static final String REVALIDATE_SECONDS = "REEL_DELIVERY_CACHE_REVALIDATE_SECONDS";
  public static final String REVALIDATE_WAIT_MS = "REEL_DELIVERY_CACHE_REVALIDATE_WAIT_MS";

  /** A memory entry may take at most this share of the memory budget. */
  private static final int MEMORY_OBJECT_SHARE = 16;
  private static final long DEFAULT_MAX_OBJECT_BYTES = 256L << 20;

  public static JsonObject defaults() {
    return new JsonObject()
        .put(ENABLED, "true")
        .put(MEMORY_BYTES, String.valueOf(64L << 20))
        .put(DISK_BYTES, String.valueOf(1L << 30))
        .put(MANIFEST_TTL_MS, "2000")
        .put(REVALIDATE_SECONDS, "600")
        .put(REVALIDATE_WAIT_MS, "1000");
  }

  public static EdgeCacheSettings read(ConfigReader config) {
    long memory = within(config, MEMORY_BYTES, 0, Long.MAX_VALUE);
    long disk = within(config, DISK_BYTES, 0, Long.MAX_VALUE);
    // Unset, it is 256 MiB or the disk level's size if that is smaller: a small disk level alone
    // must not stop the service.
    long maxObject = config.optionalString(MAX_OBJECT_BYTES).isPresent()
        ? within(config, MAX_OBJECT_BYTES, 1, Long.MAX_VALUE)
        : disk > 0 ? Math.min(DEFAULT_MAX_OBJECT_BYTES, disk) : DEFAULT_MAX_OBJECT_BYTES;
    if (disk > 0 && maxObject > disk) {
      throw new ConfigException(MAX_OBJECT_BYTES + " (" + maxObject + ") must not exceed "
          + DISK_BYTES + " (" + disk + ")");
    }
    return new EdgeCacheSettings(config.bool(ENABLED), memory, disk,
        config.optionalString(DIR).map(dir -> Path.of(dir).toAbsolutePath().normalize()),
        maxObject, Duration.ofMillis(within(config, MANIFEST_TTL_MS, 0, 3_600_000)),
        Duration.ofSeconds(within(config, REVALIDATE_SECONDS, 0, 31L * 24 * 3600)),
        Duration.ofMillis(within(config, REVALIDATE_WAIT_MS, 0, 3_600_000)));
  }

  /** The largest object the memory level takes: a sixteenth of its budget. */
  public long memoryObjectBytes() {
    return memoryBytes / MEMORY_OBJECT_SHARE;
  }

  private static long within(ConfigReader config, String key, long min, long max) {
    String value = config.string(key);
    long parsed;
    try {
      parsed = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a whole number, was '" + value + "'");
    }
    if (parsed < min || parsed > max) {
      throw new ConfigException(key + " must be from " + min + " to " + max + ", was " + parsed);
    }
    return parsed;
  }
}
