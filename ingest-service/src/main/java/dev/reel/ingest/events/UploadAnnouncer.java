package dev.reel.ingest.events;

import dev.reel.common.StorageLayout;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Topic;
import dev.reel.ingest.domain.UploadFacts;
import dev.reel.ingest.storage.OriginalStore;
import dev.reel.ingest.storage.StoredObject;
import io.vertx.core.Future;
import java.time.Instant;

/**
 * The last step of every way in: once the original is durable, write the upload record beside it
 * and publish {@code media.uploaded} through the outbox. Whatever the upload mode, the event is
 * the same and is published only after S3 confirmed the object.
 */
public final class UploadAnnouncer {

  private final OriginalStore store;
  private final Outbox outbox;
  private final String bucket;

  public UploadAnnouncer(OriginalStore store, Outbox outbox, String bucket) {
    this.store = store;
    this.outbox = outbox;
    this.bucket = bucket;
  }

  public Future<MediaUploaded> announce(String assetId, StoredObject stored, UploadFacts facts) {
    MediaUploaded event = new MediaUploaded(assetId, bucket, stored.key(), stored.size(),
        stored.sha256(), facts.contentType(), facts.filename().orElse(null), facts.tags(),
        facts.storageClass(), facts.uploaderKeyId(), facts.mode(), Instant.now());
    return store.putSmall(StorageLayout.uploadRecordKey(assetId), EventCodec.toJson(event),
            "application/json")
        .compose(v -> outbox.publish(Topic.MEDIA_UPLOADED, assetId, event))
        .map(published -> event);
  }
}
