package dev.reel.ingest.presigned;

import dev.reel.common.s3.S3Errors;
import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.UploadMode;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.domain.MediaSniffer;
import dev.reel.ingest.domain.MediaTypeCheck;
import dev.reel.ingest.domain.UploadCounters;
import dev.reel.ingest.domain.UploadFacts;
import dev.reel.ingest.events.UploadAnnouncer;
import dev.reel.ingest.presigned.CompletionRequest.PartTag;
import dev.reel.ingest.presigned.PresignedUploads.ObjectHead;
import dev.reel.ingest.storage.OriginalStore;
import dev.reel.ingest.storage.StoredObject;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * {@code POST /v1/uploads/{assetId}/complete}: assembles a multipart upload, then checks what S3
 * holds against the plan (size, media type by its first bytes, SHA-256 of all of it, streamed
 * back) and publishes {@code media.uploaded} once. The upload record is the marker of a finished
 * upload: a second call finds it and answers the same without a second event. Calls at the same
 * time share one completion on one instance; on two instances both may check the bytes, but the
 * record is written only if absent and the event's id is the asset's own (see
 * {@link UploadAnnouncer}), so consumers see one event and both callers the same answer. Bytes
 * that fail a check are removed at once.
 */
final class PresignedCompletion {

  private static final Logger LOG = LoggerFactory.getLogger(PresignedCompletion.class);

  /** The answer, and whether it was given before. */
  private record Completed(JsonObject answer, boolean replayed) {
  }

  private final OriginalStore store;
  private final PresignedUploads uploads;
  private final UploadAnnouncer announcer;
  /** How long after its URLs expire an upload can still be completed. */
  private final Duration grace;
  private final MeterRegistry registry;
  /**
   * Completions running now, by asset: a client that retries while the first call still hashes
   * joins it instead of announcing twice. Touched only on the verticle's event loop.
   */
  private final Map<String, Future<Completed>> running = new HashMap<>();

  PresignedCompletion(OriginalStore store, PresignedUploads uploads, UploadAnnouncer announcer,
      Duration grace, MeterRegistry registry) {
    this.store = store;
    this.uploads = uploads;
    this.announcer = announcer;
    this.grace = grace;
    this.registry = registry;
  }

  void handle(RoutingContext ctx) {
    String assetId = ctx.pathParam("assetId");
    if (!AssetId.isValid(assetId)) {
      throw new ApiException(ErrorCode.INVALID_ASSET_ID, "'" + assetId + "' is not an asset id");
    }
    CompletionRequest request = CompletionRequest.parse(PresignedRoutes.jsonBody(ctx, false));
    Future<Completed> completion = running.get(assetId);
    if (completion == null) {
      completion = complete(assetId, request);
      running.put(assetId, completion);
      completion.onComplete(done -> running.remove(assetId));
    }
    completion
        .onSuccess(done -> {
          if (done.replayed()) {
            ctx.response().putHeader("Idempotent-Replayed", "true");
          }
          ctx.response().setStatusCode(201)
              .putHeader("Content-Type", "application/json")
              .end(done.answer().encode());
        })
        .onFailure(ctx::fail);
  }

  private Future<Completed> complete(String assetId, CompletionRequest request) {
    return store.getSmall(StorageLayout.uploadRecordKey(assetId))
        .compose(record -> record.isPresent()
            ? Future.succeededFuture(alreadyCompleted(assetId, record.get()))
            : store.getSmall(StorageLayout.presignedUploadKey(assetId))
                .compose(plan -> plan.isPresent()
                    ? finish(PendingUpload.fromJson(plan.get()), request)
                    : completedMeanwhile(assetId)))
        .recover(failure -> Future.failedFuture(PresignedRoutes.storageFailure(failure)));
  }

  /**
   * No plan: never planned, swept, or completed by another request (another instance, even)
   * between the two reads above, which then removed the plan. Only the last answers 201.
   */
  private Future<Completed> completedMeanwhile(String assetId) {
    return store.getSmall(StorageLayout.uploadRecordKey(assetId))
        .map(record -> alreadyCompleted(assetId,
            record.orElseThrow(() -> noSuchUpload(assetId))));
  }

  private static Completed alreadyCompleted(String assetId, byte[] record) {
    MediaUploaded event;
    try {
      event = EventCodec.json().readValue(record, MediaUploaded.class);
    } catch (IOException e) {
      throw new IllegalStateException("asset " + assetId + ": unreadable upload record", e);
    }
    if (event.uploadMode() != UploadMode.PRESIGNED) {
      throw noSuchUpload(assetId);
    }
    return new Completed(answer(event), true);
  }

  private Future<Completed> finish(PendingUpload upload, CompletionRequest request) {
    return inTime(upload)
        .compose(v -> uploads.head(upload.key()))
        .compose(head -> head.isPresent() ? Future.succeededFuture(head.get())
            : assemble(upload, request).compose(v -> uploads.head(upload.key()))
                .map(assembled -> assembled.orElseThrow(() -> nothingUploaded(upload))))
        .compose(head -> verify(upload, head))
        // Checked again right before the upload record is written: hashing a large upload takes
        // a while, and past the deadline the sweeper may be removing these bytes.
        .compose(stored -> inTime(upload).compose(v -> announce(upload, stored)))
        .map(event -> {
          UploadCounters.stored(registry, UploadMode.PRESIGNED, event.size());
          LOG.info("asset {}: presigned upload of {} bytes completed ({})", upload.assetId(),
              event.size(), event.contentType());
          return new Completed(answer(event), false);
        })
        .onFailure(failure -> {
          if (failure instanceof ApiException api && api.code().status() < 500) {
            UploadCounters.rejected(registry, UploadMode.PRESIGNED);
          }
        });
  }

  /** Fails with 410 once completion no longer accepts the upload; see {@link PresignedSweeper}. */
  private Future<Void> inTime(PendingUpload upload) {
    if (upload.completable(Instant.now(), grace)) {
      return Future.succeededFuture();
    }
    LOG.info("asset {}: presigned upload completed too late (accepted until {})",
        upload.assetId(), upload.completableUntil(grace));
    return Future.failedFuture(new ApiException(ErrorCode.UPLOAD_EXPIRED, "presigned upload "
        + upload.assetId() + " could be completed until " + upload.completableUntil(grace)
        + " (its URLs expired at " + upload.expiresAt() + "); what was uploaded will be removed: "
        + "plan a new upload"));
  }

  /** Has S3 put the parts together; nothing to do for a single PUT, which is there or not. */
  private Future<Void> assemble(PendingUpload upload, CompletionRequest request) {
    if (!upload.multipart()) {
      return Future.failedFuture(nothingUploaded(upload));
    }
    int partCount = upload.plan().partCount();
    Future<List<PartTag>> parts = request.parts().isPresent()
        ? Future.succeededFuture(request.checkedAgainst(partCount))
        : uploads.listParts(upload.key(), upload.uploadId())
            .map(listed -> uploadedParts(upload.plan(), listed));
    return parts
        .compose(tags -> uploads.completeMultipart(upload.key(), upload.uploadId(), tags))
        .recover(failure -> {
          if (S3Errors.isNotFound(failure)) {
            // Completed (or aborted) before: if it was completed, the head after this finds it.
            return Future.succeededFuture();
          }
          if (PresignedUploads.isInvalidPart(failure)) {
            return Future.failedFuture(new ApiException(ErrorCode.UPLOAD_INCOMPLETE,
                "S3 does not hold every part with the ETag given: PUT each part to its URL, "
                    + "then complete with the ETag S3 answered to each"));
          }
          return Future.failedFuture(failure);
        });
  }

  /** The parts S3 holds, checked against the plan: each one there, with its planned size. */
  private static List<PartTag> uploadedParts(PresignedPlan plan, List<Part> listed) {
    Map<Integer, Part> byNumber = new HashMap<>();
    listed.forEach(part -> byNumber.put(part.partNumber(), part));
    List<Integer> missing = plan.parts().stream()
        .filter(p -> byNumber.get(p.partNumber()) == null
            || byNumber.get(p.partNumber()).size() != p.size())
        .map(PresignedPlan.Part::partNumber)
        .toList();
    if (!missing.isEmpty()) {
      throw new ApiException(ErrorCode.UPLOAD_INCOMPLETE, missing.size() + " of "
          + plan.partCount() + " parts are not uploaded yet (part(s) "
          + missing.subList(0, Math.min(10, missing.size())) + (missing.size() > 10 ? " ..." : "")
          + "): PUT each part to its URL, then complete");
    }
    return plan.parts().stream()
        .map(p -> new PartTag(p.partNumber(), byNumber.get(p.partNumber()).eTag()))
        .toList();
  }

  /** Size, then media type from the first bytes, then the digest of everything. */
  private Future<StoredObject> verify(PendingUpload upload, ObjectHead head) {
    if (head.size() != upload.size()) {
      return reject(upload, new ApiException(ErrorCode.BAD_REQUEST, "the upload has "
          + head.size() + " bytes but the plan declared " + upload.size()
          + "; it was not kept"));
    }
    return uploads.firstBytes(upload.key(), MediaSniffer.BYTES_NEEDED)
        .compose(first -> {
          try {
            return Future.succeededFuture(
                MediaTypeCheck.storedContentType(upload.contentType(), first));
          } catch (ApiException refused) {
            return reject(upload, new ApiException(refused.code(),
                refused.getMessage() + "; the upload was not kept"));
          }
        })
        .compose(contentType -> uploads.sha256(upload.key())
            .compose(digest -> {
              if (digest.size() != upload.size()) {
                return reject(upload, new ApiException(ErrorCode.BAD_REQUEST, "the upload "
                    + "changed while it was checked; it was not kept"));
              }
              if (upload.declaredSha256().filter(d -> !d.equals(digest.sha256())).isPresent()) {
                return reject(upload, new ApiException(ErrorCode.BAD_REQUEST, "the upload's "
                    + "SHA-256 is " + digest.sha256() + ", not the declared " + upload.sha256()
                    + "; it was not kept"));
              }
              return Future.succeededFuture(new StoredObject(upload.key(), digest.size(),
                  digest.sha256(), head.etag(), contentType));
            }));
  }

  /**
   * Removes the refused bytes. The plan of a single PUT stays until it expires: its URL still
   * works, so the client may PUT the right file and complete again, and a cleaner must still be
   * able to find whatever that URL writes. A multipart plan has no working URL left and goes.
   */
  private <T> Future<T> reject(PendingUpload upload, ApiException refusal) {
    LOG.info("asset {}: presigned upload refused: {}", upload.assetId(), refusal.getMessage());
    Future<Void> cleanup = uploads.delete(upload.key());
    if (upload.multipart()) {
      cleanup = cleanup.compose(v -> store.delete(
          StorageLayout.presignedUploadKey(upload.assetId())));
    }
    return cleanup
        .onFailure(e -> LOG.warn("asset {}: refused upload not removed: {}", upload.assetId(),
            e.toString()))
        .transform(done -> Future.failedFuture(refusal));
  }

  /**
   * Writes the upload record and publishes the event. If that fails, the announcer removes the
   * record it wrote (it marks completion) but the bytes and the plan stay, so the client can
   * simply call again.
   */
  private Future<MediaUploaded> announce(PendingUpload upload, StoredObject stored) {
    UploadFacts facts = new UploadFacts(stored.contentType(),
        Optional.ofNullable(upload.filename()), upload.tags(), upload.storageClass(),
        upload.uploaderKeyId(), UploadMode.PRESIGNED);
    return announcer.announce(upload.assetId(), stored, facts)
        .recover(failure -> {
          LOG.error("asset {}: verified but not announced: {}", upload.assetId(),
              failure.toString());
          return Future.failedFuture(new ApiException(ErrorCode.STORAGE_UNAVAILABLE,
              "the upload could not be recorded; it is still there, call complete again later",
              failure));
        })
        .compose(event -> store.delete(StorageLayout.presignedUploadKey(upload.assetId()))
            .recover(e -> {
              LOG.warn("asset {}: completed, but its plan was not removed: {}",
                  upload.assetId(), e.toString());
              return Future.succeededFuture();
            })
            .map(event));
  }

  private static JsonObject answer(MediaUploaded event) {
    return new JsonObject()
        .put("assetId", event.assetId())
        .put("size", event.size())
        .put("sha256", event.sha256())
        .put("contentType", event.contentType());
  }

  private static ApiException nothingUploaded(PendingUpload upload) {
    return new ApiException(ErrorCode.UPLOAD_INCOMPLETE, "nothing has been uploaded for asset "
        + upload.assetId() + " yet: PUT the bytes to the URL(s) of the plan, then complete");
  }

  private static ApiException noSuchUpload(String assetId) {
    return new ApiException(ErrorCode.ASSET_NOT_FOUND, "no presigned upload " + assetId
        + " (never planned, expired, or refused)");
  }
}
