package dev.reel.ingest.http;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Topic;
import dev.reel.common.event.UploadMode;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ApiKeyAuth;
import dev.reel.common.http.ErrorCode;
import dev.reel.common.kafka.EventPublisher;
import dev.reel.ingest.domain.UploadRequest;
import dev.reel.ingest.storage.ObjectAttributes;
import dev.reel.ingest.storage.OriginalStore;
import dev.reel.ingest.storage.StoredObject;
import dev.reel.ingest.storage.UploadRejected;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/uploads}: the raw body is streamed to {@code originals/{assetId}/source}, the
 * upload record is written beside it, then {@code media.uploaded} is published. Only then does
 * the client get 201. If the event cannot be published, the stored objects are removed and the
 * client gets 503: there is never an original without its event, nor a success without one.
 */
final class UploadHandler {

  private static final Logger LOG = LoggerFactory.getLogger(UploadHandler.class);

  private final OriginalStore store;
  private final EventPublisher events;
  private final String bucket;
  private final long maxUploadBytes;
  private final MeterRegistry registry;

  UploadHandler(OriginalStore store, EventPublisher events, String bucket, long maxUploadBytes,
      MeterRegistry registry) {
    this.store = store;
    this.events = events;
    this.bucket = bucket;
    this.maxUploadBytes = maxUploadBytes;
    this.registry = registry;
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    UploadRequest upload = UploadRequest.parse(request.getHeader("Content-Type"),
        request.getHeader("Content-Length"), request.getHeader(UploadRequest.FILENAME_HEADER),
        request.getHeader(UploadRequest.STORAGE_CLASS_HEADER), maxUploadBytes);
    String assetId = AssetId.generate();
    String keyId = ctx.get(ApiKeyAuth.KEY_ID);
    Map<String, String> metadata = new HashMap<>();
    metadata.put("asset-id", assetId);
    upload.filename().ifPresent(name -> metadata.put("filename", name));
    ObjectAttributes attributes = new ObjectAttributes(upload.contentType(), metadata,
        upload.storageClass());

    store.write(StorageLayout.originalKey(assetId), request, attributes, maxUploadBytes)
        .recover(UploadHandler::asApiFailure)
        .compose(stored -> announce(assetId, stored, upload, keyId))
        .onSuccess(event -> respond(ctx, event))
        .onFailure(failure -> {
          if (failure instanceof ApiException api && api.code() == ErrorCode.PAYLOAD_TOO_LARGE) {
            // The client may still be sending: do not read the rest of an oversized body.
            ctx.response().putHeader("Connection", "close");
          }
          registry.counter("reel.uploads", "outcome", "rejected").increment();
          ctx.fail(failure);
        });
  }

  private Future<MediaUploaded> announce(String assetId, StoredObject stored,
      UploadRequest upload, String keyId) {
    MediaUploaded event = new MediaUploaded(assetId, bucket, stored.key(), stored.size(),
        stored.sha256(), upload.contentType(), upload.filename().orElse(null), Map.of(),
        upload.storageClass(), keyId, UploadMode.SINGLE, Instant.now());
    return store.putSmall(StorageLayout.uploadRecordKey(assetId), EventCodec.toJson(event),
            "application/json")
        .compose(v -> events.publish(Topic.MEDIA_UPLOADED, assetId, event))
        .map(published -> event)
        .recover(failure -> withdraw(assetId, failure));
  }

  /** Removes what was stored, so that nothing exists that no event announced. */
  private Future<MediaUploaded> withdraw(String assetId, Throwable cause) {
    LOG.error("asset {}: upload stored but media.uploaded not published; removing it: {}",
        assetId, cause.toString());
    return Future.join(store.delete(StorageLayout.originalKey(assetId)),
            store.delete(StorageLayout.uploadRecordKey(assetId)))
        .transform(cleanup -> Future.failedFuture(new ApiException(
            ErrorCode.EVENTS_UNAVAILABLE,
            "the event bus is unavailable; the upload was not kept, retry later", cause)));
  }

  private void respond(RoutingContext ctx, MediaUploaded event) {
    registry.counter("reel.uploads", "outcome", "stored").increment();
    registry.counter("reel.upload.bytes").increment(event.size());
    LOG.info("asset {}: uploaded {} bytes ({}) sha256 {}", event.assetId(), event.size(),
        event.contentType(), event.sha256());
    ctx.response().setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject()
            .put("assetId", event.assetId())
            .put("size", event.size())
            .put("sha256", event.sha256())
            .put("contentType", event.contentType())
            .encode());
  }

  private static Future<StoredObject> asApiFailure(Throwable failure) {
    if (failure instanceof UploadRejected rejected) {
      return Future.failedFuture(switch (rejected.reason()) {
        case EMPTY -> new ApiException(ErrorCode.EMPTY_BODY,
            "request body is empty: send the media bytes");
        case TOO_LARGE -> new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, rejected.getMessage());
      });
    }
    if (failure instanceof software.amazon.awssdk.core.exception.SdkException) {
      return Future.failedFuture(new ApiException(ErrorCode.STORAGE_UNAVAILABLE,
          "storage is unavailable; the upload was not kept, retry later", failure));
    }
    return Future.failedFuture(failure);
  }
}
