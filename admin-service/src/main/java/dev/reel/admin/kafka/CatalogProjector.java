package dev.reel.admin.kafka;

import dev.reel.admin.domain.AssetCatalog;
import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Topic;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.common.event.TranscodeProgress;
import dev.reel.common.kafka.EventConsumer;
import dev.reel.common.kafka.KafkaSettings;
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
    return EventConsumer.builder(vertx, kafka, "reel-admin-catalog", registry)
        .replayFromStart()
        .on(Topic.MEDIA_UPLOADED, MediaUploaded.class, e -> apply(() -> catalog.uploaded(e.data())))
        .on(Topic.MEDIA_DELETED, MediaDeleted.class, e -> apply(() -> catalog.deleted(e.data())))
        .on(Topic.TRANSCODE_PROGRESS, TranscodeProgress.class,
            e -> apply(() -> catalog.progressed(e.data())))
        .on(Topic.TRANSCODE_COMPLETED, TranscodeCompleted.class,
            e -> apply(() -> catalog.completed(e.data())))
        .on(Topic.TRANSCODE_FAILED, TranscodeFailed.class,
            e -> apply(() -> catalog.failed(e.data())))
        .start();
  }

  private static Future<Void> apply(Runnable change) {
    change.run();
    return Future.succeededFuture();
  }
}
