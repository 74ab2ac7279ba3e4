package dev.reel.ingest.tus;

import static dev.reel.ingest.tus.TusProtocol.TUS_RESUMABLE;
import static dev.reel.ingest.tus.TusProtocol.VERSION;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.config.IngestConfig;
import dev.reel.ingest.events.Outbox;
import dev.reel.ingest.events.UploadAnnouncer;
import dev.reel.ingest.storage.IdempotencyRecords;
import dev.reel.ingest.storage.OriginalStore;
import dev.reel.ingest.storage.PartBuffers;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * tus 1.0 resumable uploads at {@code /v1/tus/}: the core protocol with the creation,
 * creation-with-upload, termination, checksum and expiration extensions. {@code POST /v1/tus}
 * creates an upload at {@code /v1/tus/{assetId}}; {@code HEAD} tells its offset, {@code PATCH}
 * appends to it, {@code DELETE} gives it up. Once the last byte is stored the upload becomes an
 * asset with the same {@code media.uploaded} event as any other upload. The API key check of
 * {@code /v1/*} applies (tus clients send {@code Authorization} as a custom header), except to
 * the {@code OPTIONS} discovery request, which the spec lets any client make.
 */
public final class TusRoutes {

  /** How long a request waits for another one on the same upload to let go. */
  static final long LOCK_WAIT_MS = 20_000;

  private TusRoutes() {
  }

  /** Mounts the routes; answers the sweeper, for the verticle to start and stop. */
  public static TusSweeper mount(Router router, Vertx vertx, IngestConfig config,
      S3AsyncClient s3, OriginalStore store, PartBuffers buffers, Outbox outbox,
      MeterRegistry registry) {
    var storage = new S3TusStorage(vertx, s3, config.s3().bucket());
    var states = new TusStateStore(storage);
    var lifecycle = new TusLifecycle(storage, states,
        new UploadAnnouncer(store, outbox, config.s3().bucket()), registry);
    var locks = new TusLocks(vertx, LOCK_WAIT_MS);
    long maxSize = Math.min(config.maxUploadBytes(), PartSizing.MAX_OBJECT_SIZE);
    var uploads = new TusUploadHandler(storage, buffers, states, lifecycle, locks,
        config.tus(), registry);
    var creation = new TusCreationHandler(states, uploads, new IdempotencyRecords(store),
        maxSize, config.tus().expiry());

    router.routeWithRegex("/v1/tus(/.*)?").handler(TusRoutes::checkVersion);
    for (String endpoint : new String[] {"/v1/tus", "/v1/tus/"}) {
      router.options(endpoint).handler(ctx -> discovery(ctx, maxSize));
      router.post(endpoint).handler(creation::handle);
    }
    router.head("/v1/tus/:assetId").handler(uploads::head);
    router.patch("/v1/tus/:assetId").handler(uploads::patch);
    router.delete("/v1/tus/:assetId").handler(uploads::delete);
    router.post("/v1/tus/:assetId").handler(ctx -> overridden(ctx, uploads));
    return new TusSweeper(vertx, storage, states, lifecycle, locks, config.tus());
  }

  /** Every answer says which protocol it speaks; every request but OPTIONS must speak it too. */
  private static void checkVersion(RoutingContext ctx) {
    ctx.request().pause();
    ctx.response().putHeader(TUS_RESUMABLE, VERSION);
    if (ctx.request().method() != HttpMethod.OPTIONS
        && !VERSION.equals(ctx.request().getHeader(TUS_RESUMABLE))) {
      fail(ctx, new ApiException(ErrorCode.PROTOCOL_VERSION_UNSUPPORTED,
          "send '" + TUS_RESUMABLE + ": " + VERSION + "'; this server speaks tus " + VERSION,
          Map.of(TusProtocol.TUS_VERSION, VERSION)));
      return;
    }
    ctx.next();
  }

  private static void discovery(RoutingContext ctx, long maxSize) {
    ctx.response().setStatusCode(204)
        .putHeader(TusProtocol.TUS_VERSION, VERSION)
        .putHeader(TusProtocol.TUS_EXTENSION, TusProtocol.EXTENSIONS)
        .putHeader(TusProtocol.TUS_CHECKSUM_ALGORITHM, String.join(",", UploadChecksum.ALGORITHMS))
        .putHeader(TusProtocol.TUS_MAX_SIZE, String.valueOf(maxSize))
        .end();
  }

  /**
   * {@code POST} with {@code X-HTTP-Method-Override}, for clients that cannot send PATCH:
   * tus-java-client on {@code HttpURLConnection}, browsers behind some proxies.
   */
  private static void overridden(RoutingContext ctx, TusUploadHandler uploads) {
    String method = ctx.request().getHeader(TusProtocol.METHOD_OVERRIDE);
    switch (method == null ? "" : method.trim().toUpperCase(Locale.ROOT)) {
      case "PATCH" -> uploads.patch(ctx);
      case "DELETE" -> uploads.delete(ctx);
      case "HEAD" -> uploads.head(ctx);
      default -> fail(ctx, new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "POST creates uploads "
          + "at /v1/tus; on an upload use PATCH, HEAD or DELETE (or "
          + TusProtocol.METHOD_OVERRIDE + ")"));
    }
  }

  /**
   * Fails the request. A body that was not read is not going to be: the connection closes
   * after the answer rather than read the rest.
   */
  static void fail(RoutingContext ctx, Throwable failure) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (!ctx.request().isEnded()) {
      ctx.response().putHeader("Connection", "close");
    }
    Throwable answer = asApiFailure(failure);
    if (answer instanceof ApiException api && api.code() == ErrorCode.CHECKSUM_MISMATCH) {
      ctx.response().setStatusMessage("Checksum Mismatch");
    }
    ctx.fail(answer);
  }

  private static Throwable asApiFailure(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof SdkException || cause instanceof PartBuffers.Exhausted) {
      return new ApiException(ErrorCode.STORAGE_UNAVAILABLE,
          "storage is unavailable; what was not confirmed was not kept, retry later", cause);
    }
    return failure;
  }
}
