package dev.reel.ingest.events;

import dev.reel.common.StorageLayout;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Topic;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.domain.UploadFacts;
import dev.reel.ingest.storage.OriginalStore;
import dev.reel.ingest.storage.StoredObject;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The last step of every way in: once the original is durable, write the upload record beside it
 * and publish {@code media.uploaded} through the outbox. Whatever the upload mode, the event is
 * the same and is published only after S3 confirmed the object.
 *
 * <p>An asset is announced once. Two requests finishing the same upload at the same moment (two
 * instances completing one presigned upload, say) are kept to one event twice over: the record
 * is written only if absent, and the loser answers what the winner recorded without publishing;
 * on stores that ignore that condition both publish, but under one CloudEvents id derived from
 * the asset id, which consumers deduplicate on.
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
    return store.putSmallIfAbsent(StorageLayout.uploadRecordKey(assetId),
            EventCodec.toJson(event), "application/json")
        .compose(first -> first ? publish(assetId, event) : recorded(assetId));
  }

  /**
   * A record marks an announced asset: if the event could be neither sent nor kept, the record
   * this request wrote goes again (and only that one, never another request's).
   */
  private Future<MediaUploaded> publish(String assetId, MediaUploaded event) {
    return outbox.publish(Topic.MEDIA_UPLOADED, assetId, event, eventId(assetId))
        .map(event)
        .recover(failure -> store.delete(StorageLayout.uploadRecordKey(assetId))
            .transform(removed -> Future.failedFuture(failure)));
  }

  /** The one id of the asset's {@code media.uploaded} event, however often it is announced. */
  public static String eventId(String assetId) {
    return UUID.nameUUIDFromBytes((Topic.MEDIA_UPLOADED.topicName() + "/" + assetId)
        .getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** What another request recorded, and announced, for the asset. */
  private Future<MediaUploaded> recorded(String assetId) {
    return store.getSmall(StorageLayout.uploadRecordKey(assetId)).compose(record -> {
      if (record.isEmpty()) {
        return Future.failedFuture(new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "another "
            + "request is recording asset " + assetId + " right now; retry"));
      }
      try {
        return Future.succeededFuture(
            EventCodec.json().readValue(record.get(), MediaUploaded.class));
      } catch (IOException e) {
        return Future.failedFuture(new IllegalStateException("asset " + assetId
            + ": unreadable upload record", e));
      }
    });
  }
}
