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
 * <p>The event goes into the outbox <em>before</em> the upload record is written, so no crash
 * can leave a recorded asset that was never announced: a request that dies between the two
 * has its event on its way, and the client's retry writes the record. A retry that finds the
 * record already written sends the recorded event again. Every announcement of an asset
 * carries one CloudEvents id derived from the asset id, so consumers that deduplicate on it see
 * one event however often it is sent. Two requests finishing the same upload at the same moment
 * both send it; the record is written only if absent, and the loser answers what the winner
 * recorded.
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
    return recordedIfAny(assetId).compose(existing -> {
      if (existing.isPresent()) {
        return announceAgain(assetId, existing.get());
      }
      return outbox.publish(Topic.MEDIA_UPLOADED, assetId, event, eventId(assetId))
          .compose(sent -> store.putSmallIfAbsent(StorageLayout.uploadRecordKey(assetId),
              EventCodec.toJson(event), "application/json"))
          .compose(first -> first ? Future.succeededFuture(event) : recorded(assetId));
    });
  }

  /** The recorded event goes out again under its one id: harmless if it already went. */
  private Future<MediaUploaded> announceAgain(String assetId, MediaUploaded recorded) {
    return outbox.publish(Topic.MEDIA_UPLOADED, assetId, recorded, eventId(assetId))
        .map(recorded);
  }

  private Future<java.util.Optional<MediaUploaded>> recordedIfAny(String assetId) {
    return store.getSmall(StorageLayout.uploadRecordKey(assetId)).compose(record -> {
      if (record.isEmpty()) {
        return Future.succeededFuture(java.util.Optional.empty());
      }
      return recorded(assetId).map(java.util.Optional::of);
    });
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
