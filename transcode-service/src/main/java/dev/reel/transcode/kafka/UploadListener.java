package dev.reel.transcode.kafka;

import dev.reel.common.event.Event;
import dev.reel.common.event.MediaUploaded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives {@code media.uploaded}. The walking skeleton records each upload (a log line and the
 * {@code reel_transcode_uploads_received_total} metric); the ABR ladder is built on this later.
 * A replay of an event this process already saw (same CloudEvents id) is not counted again.
 */
public final class UploadListener {

  private static final Logger LOG = LoggerFactory.getLogger(UploadListener.class);

  private final Counter received;
  private final Set<String> seenEventIds = ConcurrentHashMap.newKeySet();

  public UploadListener(MeterRegistry registry) {
    this.received = Counter.builder("reel.transcode.uploads.received")
        .description("media.uploaded events received, without replays")
        .register(registry);
  }

  public Future<Void> onUploaded(Event<MediaUploaded> event) {
    MediaUploaded upload = event.data();
    if (seenEventIds.add(event.id())) {
      received.increment();
      LOG.info("asset {}: received media.uploaded ({} bytes, {}, {}), queued for transcoding",
          upload.assetId(), upload.size(), upload.contentType(), upload.key());
    } else {
      LOG.info("asset {}: media.uploaded {} replayed, already recorded", upload.assetId(),
          event.id());
    }
    return Future.succeededFuture();
  }
}
