package dev.reel.ingest.tus;

import dev.reel.common.AssetId;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ApiKeyAuth;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.storage.IdempotencyRecords;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/tus}: creates an upload of a declared {@code Upload-Length} at
 * {@code /v1/tus/{assetId}}, so the asset id is known from the start. With a body
 * ({@code Content-Type: application/offset+octet-stream}) the first bytes go in at once
 * (creation-with-upload). With an {@code Idempotency-Key} a retried creation gets the same upload.
 */
final class TusCreationHandler {

  private static final Logger LOG = LoggerFactory.getLogger(TusCreationHandler.class);
  /** Keeps these keys apart from the same Idempotency-Key sent to the other upload APIs. */
  private static final String IDEMPOTENCY_SCOPE = "tus:";

  private final TusStateStore states;
  private final TusUploadHandler uploads;
  private final IdempotencyRecords idempotency;
  private final long maxSize;
  private final Duration expiry;

  TusCreationHandler(TusStateStore states, TusUploadHandler uploads,
      IdempotencyRecords idempotency, long maxSize, Duration expiry) {
    this.states = states;
    this.uploads = uploads;
    this.idempotency = idempotency;
    this.maxSize = maxSize;
    this.expiry = expiry;
  }

  /** What a creation request asks for, checked before anything is stored. */
  private record Creation(long length, UploadMetadata metadata, boolean withData,
      Optional<UploadChecksum> checksum, Optional<String> idempotencyKey) {
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    Creation creation;
    try {
      creation = parse(request);
    } catch (ApiException e) {
      TusRoutes.fail(ctx, e);
      return;
    }
    String keyId = ctx.get(ApiKeyAuth.KEY_ID);
    creation.idempotencyKey()
        .map(key -> idempotency.find(keyId, IDEMPOTENCY_SCOPE + key)
            .map(found -> found.map(answer -> answer.getString("assetId"))))
        .orElse(Future.succeededFuture(Optional.empty()))
        .compose(previous -> previous.isPresent()
            ? replay(ctx, previous.get())
            : create(ctx, creation, keyId))
        .onFailure(e -> TusRoutes.fail(ctx, e));
  }

  private Creation parse(HttpServerRequest request) {
    if (request.getHeader(TusProtocol.UPLOAD_DEFER_LENGTH) != null) {
      throw new ApiException(ErrorCode.BAD_REQUEST, TusProtocol.UPLOAD_DEFER_LENGTH
          + " is not supported: declare the size with " + TusProtocol.UPLOAD_LENGTH);
    }
    if (request.getHeader(TusProtocol.UPLOAD_CONCAT) != null) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "the concatenation extension is not "
          + "supported");
    }
    long length = TusProtocol.nonNegative(TusProtocol.UPLOAD_LENGTH,
        request.getHeader(TusProtocol.UPLOAD_LENGTH));
    if (length == 0) {
      throw new ApiException(ErrorCode.EMPTY_BODY, "Upload-Length is 0: there is nothing to "
          + "upload");
    }
    if (length > maxSize) {
      throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "Upload-Length " + length
          + " exceeds the maximum of " + maxSize + " bytes");
    }
    UploadMetadata metadata = UploadMetadata.parse(request.getHeader(UploadMetadata.HEADER));
    metadata.filename();
    metadata.filetype();
    metadata.tags();
    metadata.storageClass();
    boolean withData = TusProtocol.hasBody(request);
    if (withData && !TusProtocol.isOffsetStream(request)) {
      throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "bytes sent with the creation "
          + "request go as Content-Type: " + TusProtocol.OFFSET_STREAM);
    }
    Optional<UploadChecksum> checksum = withData
        ? UploadChecksum.parse(request.getHeader(UploadChecksum.HEADER)) : Optional.empty();
    return new Creation(length, metadata, withData, checksum, idempotencyKey(request));
  }

  private Future<Void> create(RoutingContext ctx, Creation creation, String keyId) {
    String assetId = AssetId.generate();
    Instant now = Instant.now();
    TusUpload upload = TusUpload.create(assetId, creation.length(), creation.metadata(), keyId,
        now, now.plus(expiry));
    return states.save(upload)
        // Before the first bytes: an answer about them still tells where the upload is.
        .onSuccess(v -> ctx.response().putHeader("Location",
            TusProtocol.location(ctx.request(), assetId)))
        .compose(v -> creation.idempotencyKey()
            .map(key -> idempotency.remember(keyId, IDEMPOTENCY_SCOPE + key,
                new JsonObject().put("assetId", assetId)))
            .orElse(Future.succeededFuture()))
        .onSuccess(v -> LOG.info("asset {}: tus upload of {} bytes created", assetId,
            creation.length()))
        .compose(v -> creation.withData()
            ? uploads.writeFirst(ctx, upload, creation.checksum())
            : Future.succeededFuture(upload))
        .recover(failure -> {
          if (failure instanceof ApiException api
              && api.code() == ErrorCode.UNSUPPORTED_MEDIA_TYPE) {
            ctx.response().headers().remove("Location");
          }
          return Future.failedFuture(failure);
        })
        .map(current -> {
          ctx.response().setStatusCode(201);
          TusProtocol.offsetHeaders(ctx.response(), current);
          ctx.response().end();
          return null;
        });
  }

  /** The same Idempotency-Key again: the same upload, where it is now; the body is not read. */
  private Future<Void> replay(RoutingContext ctx, String assetId) {
    return states.load(assetId).map(found -> {
      var response = ctx.response().setStatusCode(201)
          .putHeader("Location", TusProtocol.location(ctx.request(), assetId))
          .putHeader("Idempotent-Replayed", "true");
      found.ifPresent(upload -> TusProtocol.offsetHeaders(response, upload));
      if (!ctx.request().isEnded()) {
        response.putHeader("Connection", "close");
      }
      response.end();
      return null;
    });
  }

  private static Optional<String> idempotencyKey(HttpServerRequest request) {
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
}
