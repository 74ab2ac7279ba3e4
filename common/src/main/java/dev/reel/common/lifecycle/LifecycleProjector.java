package dev.reel.common.lifecycle;

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
 * Feeds {@link AssetLifecycles} from the lifecycle topics, read from the beginning at every start
 * and never committed: the log, not this process's memory, is the record (those topics are kept
 * forever, so a restarted service knows every asset again once it has read them).
 */
public final class LifecycleProjector {

  private LifecycleProjector() {
  }

  /**
   * @param groupId the consumer group's prefix; each start reads under a fresh group named
   *     after it, so that two instances never split the partitions between them
   */
  public static Future<EventConsumer> start(Vertx vertx, KafkaSettings kafka, String groupId,
      MeterRegistry registry, AssetLifecycles assets) {
    return EventConsumer.builder(vertx, kafka, groupId, registry)
        .replayFromStart()
        .on(Topic.MEDIA_UPLOADED, MediaUploaded.class, e -> apply(() -> assets.uploaded(e.data())))
        .on(Topic.MEDIA_DELETED, MediaDeleted.class, e -> apply(() -> assets.deleted(e.data())))
        .on(Topic.TRANSCODE_PROGRESS, TranscodeProgress.class,
            e -> apply(() -> assets.progressed(e.data())))
        .on(Topic.TRANSCODE_COMPLETED, TranscodeCompleted.class,
            e -> apply(() -> assets.completed(e.data())))
        .on(Topic.TRANSCODE_FAILED, TranscodeFailed.class,
            e -> apply(() -> assets.failed(e.data())))
        .start();
  }

  private static Future<Void> apply(Runnable change) {
    change.run();
    return Future.succeededFuture();
  }
}
