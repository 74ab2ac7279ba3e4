package dev.reel.ingest.presigned;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ApiKeyAuth;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.config.IngestConfig;
import dev.reel.ingest.config.PresignSettings;
import dev.reel.ingest.events.Outbox;
import dev.reel.ingest.events.UploadAnnouncer;
import dev.reel.ingest.presigned.PresignedUploads.SignedRequest;
import dev.reel.ingest.storage.IdempotencyRecords;
import dev.reel.ingest.storage.OriginalStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Presigned direct-to-S3 uploads: {@code POST /v1/uploads/presigned} plans an upload and signs
 * the URLs the client PUTs the bytes to, {@code POST /v1/uploads/{assetId}/complete} checks what
 * arrived and announces it. The media bytes never pass through Reel.
 */
public final class PresignedRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PresignedRoutes.class);
  /** The create body is a few fields and at most ten tags. */
  static final long CREATE_BODY_LIMIT = 16 * 1024;
  /** Room for the ETags of all 10,000 parts S3 allows. */
  static final long COMPLETE_BODY_LIMIT = 1024 * 1024;
  /** Keeps these keys apart from the same Idempotency-Key sent to {@code POST /v1/uploads}. */
  private static final String IDEMPOTENCY_SCOPE = "presigned:";

  private final PresignSettings settings;
  private final long maxUploadBytes;
  private final OriginalStore store;
  private final PresignedUploads uploads;
  private final IdempotencyRecords idempotency;
  private final MeterRegistry registry;

  private PresignedRoutes(PresignSettings settings, long maxUploadBytes, OriginalStore store,
      PresignedUploads uploads, MeterRegistry registry) {
    this.settings = settings;
    this.maxUploadBytes = maxUploadBytes;
    this.store = store;
    this.uploads = uploads;
    this.idempotency = new IdempotencyRecords(store);
    this.registry = registry;
  }

  /**
   * Mounts both endpoints, each with a body handler of its own: the streaming
   * {@code POST /v1/uploads} must never get one. Answers the sweeper of abandoned uploads, for
   * the verticle to start and stop.
   */
  public static PresignedSweeper mount(Router router, Vertx vertx, IngestConfig config,
      S3AsyncClient s3, OriginalStore store, Outbox outbox, MeterRegistry registry) {
    var announcer = new UploadAnnouncer(store, outbox, config.s3().bucket());
    var uploads = new PresignedUploads(vertx, s3, config.s3(), config.presign().publicEndpoint());
    var routes = new PresignedRoutes(config.presign(), config.maxUploadBytes(), store, uploads,
        registry);
    Duration grace = config.presign().completionGrace();
    var completion = new PresignedCompletion(store, uploads, announcer, grace, registry);
    router.post("/v1/uploads/presigned")
        .handler(BodyHandler.create(false).setBodyLimit(CREATE_BODY_LIMIT))
        .handler(routes::create);
    router.post("/v1/uploads/:assetId/complete")
        .handler(BodyHandler.create(false).setBodyLimit(COMPLETE_BODY_LIMIT))
        .handler(completion::handle);
    return new PresignedSweeper(vertx, store, uploads::abortMultipart, grace,
        config.tus().sweepInterval());
  }

  private void create(RoutingContext ctx) {
    String keyId = ctx.get(ApiKeyAuth.KEY_ID);
    Optional<String> idempotencyKey = idempotencyKey(ctx);
    PresignedRequest request = PresignedRequest.parse(jsonBody(ctx, true), maxUploadBytes);
    idempotencyKey.map(key -> idempotency.find(keyId, IDEMPOTENCY_SCOPE + key))
        .orElse(Future.succeededFuture(Optional.empty()))
        .compose(previous -> {
          if (previous.isPresent()) {
            ctx.response().putHeader("Idempotent-Replayed", "true");
            return Future.succeededFuture(previous.get());
          }
          return open(request, keyId).compose(answer -> idempotencyKey
              .map(key -> idempotency.remember(keyId, IDEMPOTENCY_SCOPE + key, answer)
                  .map(answer))
              .orElse(Future.succeededFuture(answer)));
        })
        .recover(failure -> Future.failedFuture(storageFailure(failure)))
        .onSuccess(answer -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(answer.encode()))
        .onFailure(ctx::fail);
  }

  /**
   * Plans the upload, keeps the plan in S3 (so it can be completed, or cleaned up once it
   * expires) and only then signs the URLs.
   */
  private Future<JsonObject> open(PresignedRequest request, String keyId) {
    String assetId = AssetId.generate();
    String key = StorageLayout.originalKey(assetId);
    PresignedPlan plan = PresignedPlan.of(request.size(), settings.multipartThresholdBytes());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, String> metadata = Map.of("asset-id", assetId);
    Future<Optional<String>> uploadId = plan.multipart()
        ? uploads.createMultipart(key, request.contentType(), request.storageClass(), metadata)
            .map(Optional::of)
        : Future.succeededFuture(Optional.empty());
    return uploadId.compose(id -> {
      PendingUpload pending = new PendingUpload(assetId, key, request.size(),
          request.contentType(), request.filename().orElse(null), request.storageClass(),
          request.tags(), request.sha256().orElse(null), keyId, id.orElse(null),
          plan.multipart() ? plan.partSize() : 0, now, now.plus(settings.expiry()));
      return store.putSmall(StorageLayout.presignedUploadKey(assetId), pending.toJson(),
              "application/json")
          .recover(failure -> id.map(u -> uploads.abortMultipart(key, u))
              .orElse(Future.succeededFuture())
              .transform(aborted -> Future.failedFuture(failure)))
          .compose(kept -> plan.multipart()
              ? uploads.signParts(pending, plan).map(urls -> multipartAnswer(pending, plan, urls))
              : uploads.signPut(pending, metadata).map(url -> singleAnswer(pending, url)))
          .onSuccess(answer -> {
            Counter.builder("reel.presigned.plans")
                .tag("multipart", String.valueOf(plan.multipart()))
                .description("presigned uploads planned, single PUT or multipart")
                .register(registry).increment();
            LOG.info("asset {}: presigned upload of {} bytes planned ({}), expires {}",
                assetId, request.size(), plan.multipart() ? plan.partCount() + " parts"
                    : "single PUT", pending.expiresAt());
          });
    });
  }

  private static JsonObject singleAnswer(PendingUpload pending, SignedRequest put) {
    return new JsonObject()
        .put("assetId", pending.assetId())
        .put("method", "PUT")
        .put("multipart", false)
        .put("url", put.url())
        .put("headers", headers(put.headers()))
        .put("size", pending.size())
        .put("expiresAt", pending.expiresAt().toString())
        .put("completeUrl", completePath(pending.assetId()));
  }

  private static JsonObject multipartAnswer(PendingUpload pending, PresignedPlan plan,
      List<SignedRequest> urls) {
    JsonArray parts = new JsonArray();
    for (PresignedPlan.Part part : plan.parts()) {
      parts.add(new JsonObject()
          .put("partNumber", part.partNumber())
          .put("url", urls.get(part.partNumber() - 1).url())
          .put("size", part.size()));
    }
    return new JsonObject()
        .put("assetId", pending.assetId())
        .put("method", "PUT")
        .put("multipart", true)
        .put("size", pending.size())
        .put("partSize", plan.partSize())
        .put("parts", parts)
        .put("expiresAt", pending.expiresAt().toString())
        .put("completeUrl", completePath(pending.assetId()));
  }

  private static JsonObject headers(Map<String, String> signed) {
    JsonObject headers = new JsonObject();
    signed.forEach(headers::put);
    return headers;
  }

  /** Relative to ingest's own address, which only the client knows for sure (proxies). */
  static String completePath(String assetId) {
    return "/v1/uploads/" + assetId + "/complete";
  }

  /** The body as a JSON object; null when there is none and none is {@code required}. */
  static JsonObject jsonBody(RoutingContext ctx, boolean required) {
    if (ctx.body().isEmpty()) {
      if (required) {
        throw new ApiException(ErrorCode.BAD_REQUEST, "send a JSON object like {\"size\":1234,"
            + "\"contentType\":\"video/mp4\"}");
      }
      return null;
    }
    JsonObject json;
    try {
      json = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      json = null;
    }
    if (json == null) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "the body is not a JSON object");
    }
    return json;
  }

  private static Optional<String> idempotencyKey(RoutingContext ctx) {
    String key = ctx.request().getHeader(IdempotencyRecords.HEADER);
    if (key == null) {
      return Optional.empty();
    }
    if (!IdempotencyRecords.isValidKey(key)) {
      throw new ApiException(ErrorCode.BAD_REQUEST, IdempotencyRecords.HEADER
          + " must be 1-255 printable ASCII characters");
    }
    return Optional.of(key);
  }

  /** S3 trouble is the client's to retry, not an internal error. */
  static Throwable storageFailure(Throwable failure) {
    if (failure instanceof SdkException || failure instanceof CompletionException) {
      return new ApiException(ErrorCode.STORAGE_UNAVAILABLE,
          "storage is unavailable, retry later", failure);
    }
    return failure;
  }
}
