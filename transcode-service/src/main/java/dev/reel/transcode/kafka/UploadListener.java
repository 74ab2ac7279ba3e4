package dev.reel.transcode.kafka;

import dev.reel.common.event.Event;
import dev.reel.common.event.MediaUploaded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives {@code media.uploaded}: counts each upload once (the
 * {@code reel_transcode_uploads_received_total} metric; a replay with the same CloudEvents id
 * seen by this process is not counted again) and hands it to the job runner, whose future the
 * consumer waits for before committing.
 */
public final class UploadListener {

  private static final Logger LOG = LoggerFactory.getLogger(UploadListener.class);

  private final Counter received;
  private final Set<String> seenEventIds = ConcurrentHashMap.newKeySet();

  private final Function<Event<MediaUploaded>, Future<Void>> jobs;

  public UploadListener(MeterRegistry registry,
      Function<Event<MediaUploaded>, Future<Void>> jobs) {
    this.jobs = jobs;
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
    return jobs.apply(event);
  }
}
