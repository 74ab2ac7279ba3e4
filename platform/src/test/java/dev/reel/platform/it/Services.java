package dev.reel.platform.it;

import dev.reel.admin.config.AdminConfig;
import dev.reel.admin.http.AdminVerticle;
import dev.reel.delivery.config.DeliveryConfig;
import dev.reel.delivery.config.EdgeCacheSettings;
import dev.reel.delivery.http.DeliveryVerticle;
import dev.reel.ingest.config.IngestConfig;
import dev.reel.ingest.http.IngestVerticle;
import dev.reel.transcode.config.TranscodeConfig;
import dev.reel.transcode.http.TranscodeVerticle;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/** Starts each of the four services against the test platform, with optional overrides. */
public final class Services {

  private static final AtomicInteger CACHES = new AtomicInteger();

  private Services() {
  }

  public static RunningService<IngestVerticle> ingest(JsonObject overrides) {
    return RunningService.start("ingest", IngestConfig.defaults(), config(overrides),
        IngestConfig::read, IngestVerticle::new);
  }

  /**
   * A delivery whose edge cache lives under the test platform's data, in a folder of its own
   * unless the test names one: left to its default it would fill a folder under the system's
   * temporary directory, run after run.
   */
  public static RunningService<DeliveryVerticle> delivery(JsonObject overrides) {
    JsonObject config = config(overrides);
    if (!overrides.containsKey(EdgeCacheSettings.DIR)) {
      config.put(EdgeCacheSettings.DIR, TestPlatform.get().dataDir()
          .resolve("edge-cache-" + CACHES.incrementAndGet()).toString());
    }
    return RunningService.start("delivery", DeliveryConfig.defaults(), config,
        DeliveryConfig::read, DeliveryVerticle::new);
  }

  public static RunningService<TranscodeVerticle> transcode(JsonObject overrides) {
    return RunningService.start("transcode", TranscodeConfig.defaults(), config(overrides),
        TranscodeConfig::read, TranscodeVerticle::new);
  }

  public static RunningService<AdminVerticle> admin(JsonObject overrides) {
    return RunningService.start("admin", AdminConfig.defaults(), config(overrides),
        AdminConfig::read, AdminVerticle::new);
  }

  private static JsonObject config(JsonObject overrides) {
    return TestPlatform.get().config().mergeIn(overrides);
  }
}
