package dev.reel.ingest.tus;

import static dev.reel.ingest.tus.TusProtocol.UPLOAD_LENGTH;
import static dev.reel.ingest.tus.TusProtocol.UPLOAD_OFFSET;

import dev.reel.common.AssetId;
import dev.reel.common.event.UploadMode;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.common.http.HttpDate;
import dev.reel.ingest.config.TusSettings;
import dev.reel.ingest.domain.UploadCounters;
import dev.reel.ingest.storage.PartBuffers;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code HEAD}, {@code PATCH} and {@code DELETE} on {@code /v1/tus/{assetId}}, each holding the
 * upload ({@link TusLocks}) while it works. An upload whose bytes are all stored but which was
 * not finished (the process died in between) is finished by whichever of these comes first.
 */
final class TusUploadHandler {

  private static final Logger LOG = LoggerFactory.getLogger(TusUploadHandler.class);
  /** How long a PATCH's client may send nothing before another request may take over. */
  static final long IDLE_BEFORE_TAKEOVER_MS = 500;

  private final TusStorage storage;
  private final PartBuffers buffers;
  private final TusStateStore states;
  private final TusLifecycle lifecycle;
  private final TusLocks locks;
  private final Duration expiry;
  private final boolean equalParts;
  private final MeterRegistry registry;

  TusUploadHandler(TusStorage storage, PartBuffers buffers, TusStateStore states,
      TusLifecycle lifecycle, TusLocks locks, TusSettings settings, MeterRegistry registry) {
    this.storage = storage;
    this.buffers = buffers;
    this.states = states;
    this.lifecycle = lifecycle;
    this.locks = locks;
    this.expiry = settings.expiry();
    this.equalParts = settings.equalParts();
    this.registry = registry;
  }

  /** What HEAD and PATCH see: an unfinished upload, or only the size of a finished one. */
  private record Current(Optional<TusUpload> unfinished, long offset, long length) {
    static Current of(TusUpload upload) {
      return new Current(Optional.of(upload), upload.offset(), upload.length());
    }

    static Current finished(long size) {
      return new Current(Optional.empty(), size, size);
    }
  }

  void head(RoutingContext ctx) {
    String assetId;
    try {
      assetId = assetId(ctx);
    } catch (ApiException e) {
      TusRoutes.fail(ctx, e);
      return;
    }
    ctx.response().putHeader("Cache-Control", "no-store");
    locks.withLock(assetId, lease -> current(assetId))
        .onSuccess(current -> {
          var response = ctx.response().setStatusCode(200)
              .putHeader(UPLOAD_OFFSET, String.valueOf(current.offset()))
              .putHeader(UPLOAD_LENGTH, String.valueOf(current.length()));
          current.unfinished().ifPresent(upload -> {
            response.putHeader(TusProtocol.UPLOAD_EXPIRES,
                HttpDate.format(upload.expiresAt()));
            if (upload.metadataHeader() != null) {
              response.putHeader(UploadMetadata.HEADER, upload.metadataHeader());
            }
          });
          response.end();
        })
        .onFailure(e -> TusRoutes.fail(ctx, e));
  }

  void patch(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    String assetId;
    long offset;
    Optional<UploadChecksum> checksum;
    Optional<Long> contentLength;
    try {
      assetId = assetId(ctx);
      if (!TusProtocol.isOffsetStream(request)) {
        throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "a PATCH body is sent as "
            + "Content-Type: " + TusProtocol.OFFSET_STREAM);
      }
      offset = TusProtocol.nonNegative(UPLOAD_OFFSET, request.getHeader(UPLOAD_OFFSET));
      checksum = UploadChecksum.parse(request.getHeader(UploadChecksum.HEADER));
      contentLength = TusProtocol.contentLength(request);
    } catch (ApiException e) {
      TusRoutes.fail(ctx, e);
      return;
    }
    locks.withLock(assetId, lease -> current(assetId).compose(current -> {
      if (offset != current.offset()) {
        return Future.failedFuture(new ApiException(ErrorCode.OFFSET_MISMATCH, UPLOAD_OFFSET
            + " is " + offset + " but the upload is at " + current.offset()
            + "; ask with HEAD"));
      }
      long sent = contentLength.orElse(0L);
      if (offset + sent > current.length()) {
        return Future.failedFuture(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the body "
            + "goes past Upload-Length " + current.length()));
      }
      if (current.unfinished().isEmpty()) {
        return emptyBody(ctx).map(Current.finished(current.length()));
      }
      return write(ctx, current.unfinished().get(), checksum, lease).map(Current::of);
    }))
        .onSuccess(current -> {
          ctx.response().setStatusCode(204);
          current.unfinished().ifPresentOrElse(
              upload -> TusProtocol.offsetHeaders(ctx.response(), upload),
              () -> ctx.response().putHeader(UPLOAD_OFFSET, String.valueOf(current.offset())));
          ctx.response().end();
        })
        .onFailure(e -> TusRoutes.fail(ctx, e));
  }

  void delete(RoutingContext ctx) {
    String assetId;
    try {
      assetId = assetId(ctx);
    } catch (ApiException e) {
      TusRoutes.fail(ctx, e);
      return;
    }
    locks.withLock(assetId, lease -> states.load(assetId).compose(found -> found
            .map(lifecycle::terminate)
            .orElseGet(() -> Future.failedFuture(notFound(assetId)))))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(e -> TusRoutes.fail(ctx, e));
  }

  /** creation-with-upload: the creation request's body goes in as the upload's first bytes. */
  Future<TusUpload> writeFirst(RoutingContext ctx, TusUpload upload,
      Optional<UploadChecksum> checksum) {
    if (TusProtocol.contentLength(ctx.request()).orElse(0L) > upload.length()) {
      return Future.failedFuture(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the body goes "
          + "past Upload-Length " + upload.length()));
    }
    return locks.withLock(upload.assetId(), lease -> write(ctx, upload, checksum, lease));
  }

  /**
   * Streams the request body into the upload, holding it; shared with creation-with-upload.
   * Answers the upload as recorded afterwards, finished if that was its last byte. Content
   * that is not the media it claims to be ends the upload: nothing of it is kept.
   */
  Future<TusUpload> write(RoutingContext ctx, TusUpload upload,
      Optional<UploadChecksum> checksum, TusLocks.Lease lease) {
    HttpServerRequest request = ctx.request();
    TusPatch patch = new TusPatch(storage, buffers, states, upload, checksum,
        Instant.now().plus(expiry), equalParts);
    lease.onTakeover(() -> interruptWhenIdle(ctx, patch));
    continueIfExpected(ctx);
    return patch.run(request, TusProtocol.contentLength(request))
        .recover(failure -> refused(upload, failure))
        .compose(next -> next.allBytesStored()
            ? lifecycle.finish(next).map(next) : Future.succeededFuture(next));
  }

  /**
   * Another request wants the upload. The bytes of a dead connection are still being taken in
   * and it ends by itself; a connection that stalled is cut off once it has been idle a moment,
   * keeping what arrived.
   */
  private static void interruptWhenIdle(RoutingContext ctx, TusPatch patch) {
    ctx.vertx().setPeriodic(IDLE_BEFORE_TAKEOVER_MS / 2, timer -> {
      if (patch.done()) {
        ctx.vertx().cancelTimer(timer);
      } else if (patch.idleFor(IDLE_BEFORE_TAKEOVER_MS)) {
        ctx.vertx().cancelTimer(timer);
        patch.interrupt();
        ctx.request().connection().close();
      }
    });
  }

  /**
   * A PATCH at the end of a finished upload is fine as long as it brings nothing: the stock
   * Java client opens one, announcing its body with {@code Expect: 100-continue}, before it
   * finds it has nothing left to send, and takes any answer but 100 as a refusal.
   */
  private static Future<Void> emptyBody(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    continueIfExpected(ctx);
    Promise<Void> read = Promise.promise();
    request.handler(chunk -> {
      if (chunk.length() > 0) {
        request.pause();
        read.tryFail(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the upload is complete; "
            + "the body goes past its end"));
      }
    });
    request.exceptionHandler(read::tryFail);
    request.endHandler(v -> read.tryComplete());
    request.resume();
    return read.future();
  }

  private static void continueIfExpected(RoutingContext ctx) {
    if ("100-continue".equalsIgnoreCase(ctx.request().getHeader("Expect"))) {
      ctx.response().writeContinue();
    }
  }

  private Future<TusUpload> refused(TusUpload upload, Throwable failure) {
    LOG.info("asset {}: PATCH at offset {} failed: {}", upload.assetId(), upload.offset(),
        failure.toString());
    if (failure instanceof ApiException api && api.code() == ErrorCode.UNSUPPORTED_MEDIA_TYPE) {
      UploadCounters.rejected(registry, UploadMode.TUS);
      return lifecycle.terminate(upload).transform(removed -> Future.failedFuture(failure));
    }
    return Future.failedFuture(failure);
  }

  /** The upload as HEAD and PATCH see it, finishing one whose bytes are all stored. */
  private Future<Current> current(String assetId) {
    return states.load(assetId).compose(found -> {
      if (found.isEmpty()) {
        return lifecycle.finishedSize(assetId).compose(size -> size
            .map(s -> Future.succeededFuture(Current.finished(s)))
            .orElseGet(() -> Future.failedFuture(notFound(assetId))));
      }
      TusUpload upload = found.get();
      if (upload.allBytesStored()) {
        return lifecycle.finish(upload).map(v -> Current.finished(upload.length()));
      }
      if (upload.expired(Instant.now())) {
        return Future.failedFuture(new ApiException(ErrorCode.UPLOAD_EXPIRED, "upload "
            + assetId + " expired at " + upload.expiresAt() + "; start a new one"));
      }
      return Future.succeededFuture(Current.of(upload));
    });
  }

  private static String assetId(RoutingContext ctx) {
    String assetId = ctx.pathParam("assetId");
    if (!AssetId.isValid(assetId)) {
      throw notFound(assetId);
    }
    return assetId;
  }

  private static ApiException notFound(String assetId) {
    return new ApiException(ErrorCode.UPLOAD_NOT_FOUND, "no tus upload " + assetId);
  }
}
