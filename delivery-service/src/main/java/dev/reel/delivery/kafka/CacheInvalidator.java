package dev.reel.delivery.kafka;

import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.Topic;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeProgress;
import dev.reel.common.kafka.EventConsumer;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.delivery.cache.EdgeCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops what the edge cache holds of an asset when it changes: everything on
 * {@code media.deleted}, the playlists and manifests on new transcode output. Each cache reads in
 * a consumer group of its own (every instance must see every event), named after its directory,
 * so a restarted instance goes on from where it stopped and catches the events it missed while
 * down; a new one starts from the beginning, which only drops what it does not have.
 */
public final class CacheInvalidator {

  private static final Logger LOG = LoggerFactory.getLogger(CacheInvalidator.class);
  private static final String GROUP_PREFIX = "reel-delivery-cache-";

  private CacheInvalidator() {
  }

  public static Future<EventConsumer> start(Vertx vertx, KafkaSettings kafka,
      MeterRegistry registry, EdgeCache cache) {
    return EventConsumer.builder(vertx, kafka, GROUP_PREFIX + cache.instanceId(), registry)
        .on(Topic.MEDIA_DELETED, MediaDeleted.class, event ->
            dropped(event.data().assetId(), "deleted", cache.assetDeleted(event.data().assetId())))
        .on(Topic.TRANSCODE_PROGRESS, TranscodeProgress.class, event -> event.data().playable()
            ? dropped(event.data().assetId(), "playable",
                cache.renditionsChanged(event.data().assetId(), false))
            : Future.succeededFuture())
        .on(Topic.TRANSCODE_COMPLETED, TranscodeCompleted.class, event ->
            dropped(event.data().assetId(), "completed",
                cache.renditionsChanged(event.data().assetId(), true)))
        .start();
  }

  private static Future<Void> dropped(String assetId, String why, int entries) {
    if (entries > 0) {
      LOG.info("asset {}: {}, dropped {} cached objects", assetId, why, entries);
    }
    return Future.succeededFuture();
  }
}
