package dev.reel.admin.kafka;

import dev.reel.admin.domain.AssetCatalog;
import dev.reel.common.kafka.EventConsumer;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.common.lifecycle.LifecycleProjector;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Rebuilds the asset catalog from the lifecycle topics, read from the beginning at every start:
 * the log, not this process's memory, is the record (those topics are kept forever).
 */
public final class CatalogProjector {

  private CatalogProjector() {
  }

  public static Future<EventConsumer> start(Vertx vertx, KafkaSettings kafka,
      MeterRegistry registry, AssetCatalog catalog) {
    return LifecycleProjector.start(vertx, kafka, "reel-admin-catalog", registry,
        catalog.lifecycles());
  }
}
