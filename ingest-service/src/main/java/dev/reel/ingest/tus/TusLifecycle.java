package dev.reel.ingest.tus;

import dev.reel.common.StorageLayout;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.UploadMode;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.domain.UploadCounters;
import dev.reel.ingest.domain.UploadFacts;
import dev.reel.ingest.events.UploadAnnouncer;
import dev.reel.ingest.storage.StoredObject;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ways a tus upload ends. {@link #finish} turns an upload whose bytes are all stored into
 * an asset: the multipart upload is completed, {@code media.uploaded} is published through the
 * {@link UploadAnnouncer} (once: an upload record already there means it was), and the state goes.
 * Every step can run again, so a finish cut short by a crash is finished by the next request or
 * by the sweeper. {@link #terminate} removes everything an unfinished upload stored.
 */
final class TusLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(TusLifecycle.class);

  private final TusStorage storage;
  private final TusStateStore states;
  private final UploadAnnouncer announcer;
  private final MeterRegistry registry;

  TusLifecycle(TusStorage storage, TusStateStore states, UploadAnnouncer announcer,
      MeterRegistry registry) {
    this.storage = storage;
    this.states = states;
    this.announcer = announcer;
    this.registry = registry;
  }

  /** Assembles, announces and forgets an upload whose every byte is stored. */
  Future<Void> finish(TusUpload upload) {
    String assetId = upload.assetId();
    String key = StorageLayout.originalKey(assetId);
    return assemble(upload, key)
        .compose(v -> storage.exists(StorageLayout.uploadRecordKey(assetId)))
        .compose(announced -> announced ? Future.succeededFuture() : announce(upload, key))
        .compose(v -> states.remove(assetId))
        .onSuccess(v -> LOG.info("asset {}: tus upload of {} bytes complete", assetId,
            upload.length()));
  }

  private Future<Void> assemble(TusUpload upload, String key) {
    if (upload.multipartUploadId() == null) {
      return Future.succeededFuture();
    }
    return storage.completeMultipart(key, upload.multipartUploadId(), upload.parts())
        .recover(failure -> failure instanceof TusStorage.MultipartGone
            // Completed by an earlier finish that stopped before it was done.
            ? storage.exists(key).compose(exists -> exists ? Future.succeededFuture()
                : Future.failedFuture(failure))
            : Future.failedFuture(failure));
  }

  private Future<Void> announce(TusUpload upload, String key) {
    String sha256 = ResumableSha256.fromState(upload.sha256State()).hexDigest();
    StoredObject stored = new StoredObject(key, upload.length(), sha256, null,
        upload.contentType());
    UploadFacts facts = new UploadFacts(upload.contentType(),
        Optional.ofNullable(upload.filename()), upload.tags(), upload.storageClass(),
        upload.uploaderKeyId(), UploadMode.TUS);
    return announcer.announce(upload.assetId(), stored, facts)
        .onSuccess(event -> {
          UploadCounters.stored(registry, UploadMode.TUS, upload.length());
        })
        .<Void>mapEmpty()
        .recover(failure -> withdraw(upload, failure));
  }

  /**
   * The object is whole but its event could be neither sent nor kept: remove the object and
   * the upload, so nothing exists that no event announces; the client starts over.
   */
  private Future<Void> withdraw(TusUpload upload, Throwable cause) {
    String assetId = upload.assetId();
    LOG.error("asset {}: tus upload stored but not announced; removing it: {}", assetId,
        cause.toString());
    UploadCounters.rejected(registry, UploadMode.TUS);
    return Future.join(storage.delete(StorageLayout.originalKey(assetId)),
            storage.delete(StorageLayout.uploadRecordKey(assetId)))
        .compose(v -> states.remove(assetId))
        .transform(cleanup -> Future.failedFuture(new ApiException(
            ErrorCode.STORAGE_UNAVAILABLE,
            "the upload could not be recorded; it was not kept, start it again", cause)));
  }

  /**
   * Removes an unfinished upload: its multipart upload, its tail and state, and an object a
   * single PUT may have left when the process died before recording it (never an announced
   * one).
   */
  Future<Void> terminate(TusUpload upload) {
    String assetId = upload.assetId();
    String key = StorageLayout.originalKey(assetId);
    Future<Void> aborted = upload.multipartUploadId() == null
        ? Future.succeededFuture() : storage.abortMultipart(key, upload.multipartUploadId());
    return aborted
        .compose(v -> storage.exists(StorageLayout.uploadRecordKey(assetId)))
        .compose(announced -> announced ? Future.succeededFuture() : storage.delete(key))
        .compose(v -> states.remove(assetId))
        .onSuccess(v -> LOG.info("asset {}: tus upload removed at offset {} of {}", assetId,
            upload.offset(), upload.length()));
  }

  /** The size of a finished tus upload, from its upload record; empty if there is none. */
  Future<Optional<Long>> finishedSize(String assetId) {
    return storage.get(StorageLayout.uploadRecordKey(assetId)).map(bytes -> bytes
        .map(TusLifecycle::readRecord)
        .filter(record -> record.uploadMode() == UploadMode.TUS)
        .map(MediaUploaded::size));
  }

  private static MediaUploaded readRecord(byte[] json) {
    try {
      return EventCodec.json().readValue(json, MediaUploaded.class);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable upload record", e);
    }
  }
}
