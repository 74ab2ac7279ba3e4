package dev.reel.ingest.http;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.UploadMode;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ApiKeyAuth;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.domain.MediaTypeCheck;
import dev.reel.ingest.domain.UploadCounters;
import dev.reel.ingest.domain.UploadFacts;
import dev.reel.ingest.domain.UploadRequest;
import dev.reel.ingest.events.UploadAnnouncer;
import dev.reel.ingest.storage.IdempotencyRecords;
import dev.reel.ingest.storage.ObjectAttributes;
import dev.reel.ingest.storage.OriginalStore;
import dev.reel.ingest.storage.StoredObject;
import dev.reel.ingest.storage.UploadRejected;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/uploads} with a raw body: the body is streamed to
 * {@code originals/{assetId}/source}, its first bytes decide (or check) the content type, and
 * once S3 confirmed the object, {@code media.uploaded} is published. Then the client gets 201.
 */
final class UploadHandler {

  private static final Logger LOG = LoggerFactory.getLogger(UploadHandler.class);

  private final OriginalStore store;
  private final UploadAnnouncer announcer;
  private final IdempotencyRecords idempotency;
  private final long maxUploadBytes;
  private final MeterRegistry registry;

  UploadHandler(OriginalStore store, UploadAnnouncer announcer, IdempotencyRecords idempotency,
      long maxUploadBytes, MeterRegistry registry) {
    this.store = store;
    this.announcer = announcer;
    this.idempotency = idempotency;
    this.maxUploadBytes = maxUploadBytes;
    this.registry = registry;
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    UploadRequest upload = UploadRequest.parse(request.getHeader("Content-Type"),
        request.getHeader("Content-Length"), request.getHeader(UploadRequest.FILENAME_HEADER),
        request.getHeader(UploadRequest.STORAGE_CLASS_HEADER),
        request.getHeader(UploadRequest.TAGS_HEADER), maxUploadBytes);
    String keyId = ctx.get(ApiKeyAuth.KEY_ID);
    Optional<String> idempotencyKey = idempotencyKey(request);
    if (idempotencyKey.isEmpty()) {
      store(ctx, request, upload, keyId, UploadMode.SINGLE, Optional.empty());
      return;
    }
    request.pause();
    idempotency.find(keyId, idempotencyKey.get())
        .onSuccess(previous -> {
          if (previous.isPresent()) {
            // The bytes were stored the first time: do not read them again.
            ctx.response().putHeader("Idempotent-Replayed", "true");
            UnreadBodies.closeAfterAnswer(ctx);
            created(ctx, previous.get());
          } else {
            store(ctx, request, upload, keyId, UploadMode.SINGLE, idempotencyKey);
          }
        })
        .onFailure(e -> ctx.fail(storageFailure(e)));
  }

  /** Streams one body into a new asset; shared with the form handler. */
  void store(RoutingContext ctx, ReadStream<Buffer> body, UploadRequest upload, String keyId,
      UploadMode mode, Optional<String> idempotencyKey) {
    String assetId = AssetId.generate();
    Map<String, String> metadata = new HashMap<>();
    metadata.put("asset-id", assetId);
    upload.filename().ifPresent(name -> metadata.put("filename", name));
    OriginalStore.AttributesFromHead attributes = head -> new ObjectAttributes(
        MediaTypeCheck.storedContentType(upload.contentType(), head), metadata,
        upload.storageClass());

    store.write(StorageLayout.originalKey(assetId), body, attributes, maxUploadBytes)
        .recover(UploadHandler::asApiFailure)
        .compose(stored -> announcer.announce(assetId, stored, facts(stored, upload, keyId,
            mode)).recover(failure -> withdraw(assetId, failure)))
        .map(UploadHandler::answer)
        .compose(answer -> idempotencyKey
            .map(key -> idempotency.remember(keyId, key, answer).map(answer))
            .orElse(Future.succeededFuture(answer)))
        .onSuccess(answer -> {
          UploadCounters.stored(registry, mode, answer.getLong("size"));
          LOG.info("asset {}: uploaded {} bytes ({}, {})", assetId, answer.getLong("size"),
              answer.getString("contentType"), mode.wireName());
          created(ctx, answer);
        })
        .onFailure(failure -> {
          UploadCounters.rejected(registry, mode);
          ctx.fail(failure);
        });
  }

  /**
   * The object is stored but its event could be neither sent nor kept: remove the object, so
   * nothing exists that no event announces, and let the client retry.
   */
  private Future<MediaUploaded> withdraw(String assetId, Throwable cause) {
    LOG.error("asset {}: stored but not announced; removing it: {}", assetId, cause.toString());
    return Future.join(store.delete(StorageLayout.originalKey(assetId)),
            store.delete(StorageLayout.uploadRecordKey(assetId)))
        .transform(cleanup -> Future.failedFuture(new ApiException(
            ErrorCode.STORAGE_UNAVAILABLE,
            "the upload could not be recorded; it was not kept, retry later", cause)));
  }

  private static UploadFacts facts(StoredObject stored, UploadRequest upload, String keyId,
      UploadMode mode) {
    return new UploadFacts(stored.contentType(), upload.filename(), upload.tags(),
        upload.storageClass(), keyId, mode);
  }

  private static JsonObject answer(MediaUploaded event) {
    return new JsonObject()
        .put("assetId", event.assetId())
        .put("size", event.size())
        .put("sha256", event.sha256())
        .put("contentType", event.contentType());
  }

  private static void created(RoutingContext ctx, JsonObject answer) {
    ctx.response().setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .end(answer.encode());
  }

  static Optional<String> idempotencyKey(HttpServerRequest request) {
    String key = request.getHeader(IdempotencyRecords.HEADER);
    if (key == null) {
      return Optional.empty();
    }
    if (!IdempotencyRecords.isValidKey(key)) {
      throw new ApiException(ErrorCode.BAD_REQUEST, IdempotencyRecords.HEADER
          + " must be 1-255 printable ASCII characters");
    }
    return Optional.of(key);
  }

  private static Future<StoredObject> asApiFailure(Throwable failure) {
    if (failure instanceof UploadRejected rejected) {
      return Future.failedFuture(switch (rejected.reason()) {
        case EMPTY -> new ApiException(ErrorCode.EMPTY_BODY,
            "request body is empty: send the media bytes");
        case TOO_LARGE -> new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, rejected.getMessage());
      });
    }
    return Future.failedFuture(storageFailure(failure));
  }

  static Throwable storageFailure(Throwable failure) {
    if (failure instanceof software.amazon.awssdk.core.exception.SdkException
        || failure instanceof java.util.concurrent.CompletionException
        || failure instanceof dev.reel.ingest.storage.PartBuffers.Exhausted) {
      return new ApiException(ErrorCode.STORAGE_UNAVAILABLE,
          "storage is unavailable; the upload was not kept, retry later", failure);
    }
    return failure;
  }
}
