package dev.reel.delivery.http;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.domain.RangeRequest;
import dev.reel.delivery.domain.Validators;
import dev.reel.delivery.storage.MediaStore;
import dev.reel.delivery.storage.ObjectInfo;
import dev.reel.delivery.storage.OriginBody;
import dev.reel.delivery.storage.S3MediaStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.Pipe;
import io.vertx.ext.web.RoutingContext;
import java.net.ConnectException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Answers {@code GET} and {@code HEAD} for one stored object, whatever route found it: its
 * validators, conditional requests ({@code If-None-Match}, {@code If-Modified-Since},
 * {@code If-Range}), a single byte range, and the bytes streamed from the origin
 * with back-pressure. Every media route of delivery goes through here, so they all behave alike.
 */
final class ObjectResponder {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectResponder.class);

  /**
   * One object to serve.
   *
   * @param key the object's key in the bucket
   * @param contentType the type to answer with; null to answer with the type stored with it
   * @param cacheControl the {@code Cache-Control} value; null to send none
   * @param notFound the error to answer with when there is no such object
   */
  record Target(String key, String contentType, String cacheControl, ApiException notFound) {
  }

  private final MediaStore store;

  ObjectResponder(MediaStore store) {
    this.store = store;
  }

  Future<Void> respond(RoutingContext ctx, Target target) {
    return store.describe(target.key())
        .recover(ObjectResponder::storageUnavailable)
        .compose(info -> info.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(target.notFound())))
        .compose(info -> serve(ctx, target, info));
  }

  private Future<Void> serve(RoutingContext ctx, Target target, ObjectInfo info) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    response.putHeader("Accept-Ranges", "bytes")
        .putHeader("Content-Type", Optional.ofNullable(target.contentType())
            .or(() -> Optional.ofNullable(info.contentType()))
            .orElse("application/octet-stream"))
        // Browsers must not guess: a file is only ever what its name (or storage) says it is.
        .putHeader("X-Content-Type-Options", "nosniff");
    Optional.ofNullable(target.cacheControl())
        .ifPresent(value -> response.putHeader("Cache-Control", value));
    Optional.ofNullable(info.etag()).ifPresent(etag -> response.putHeader("ETag", etag));
    Optional.ofNullable(info.lastModified()).ifPresent(modified -> response.putHeader(
        "Last-Modified", Validators.httpDate(modified)));

    if (Validators.notModified(request.getHeader("If-None-Match"),
        request.getHeader("If-Modified-Since"), info.etag(), info.lastModified())) {
      return response.setStatusCode(304).end();
    }
    String rangeHeader = Validators.rangeApplies(request.getHeader("If-Range"),
        info.etag(), info.lastModified()) ? request.getHeader("Range") : null;
    RangeRequest wanted = RangeRequest.parse(rangeHeader, info.length());
    ByteRange range;
    if (wanted instanceof RangeRequest.Unsatisfiable unsatisfiable) {
      return Future.failedFuture(new ApiException(ErrorCode.RANGE_NOT_SATISFIABLE,
          "range '" + request.getHeader("Range") + "' is outside the " + info.length()
              + "-byte body",
          Map.of("Content-Range", unsatisfiable.contentRange())));
    } else if (wanted instanceof RangeRequest.Partial partial) {
      range = partial.range();
      response.setStatusCode(206).putHeader("Content-Range", range.contentRange());
    } else {
      if (info.length() == 0) {
        response.putHeader("Content-Length", "0");
        return response.end();
      }
      range = ByteRange.whole(info.length());
      response.setStatusCode(200);
    }
    response.putHeader("Content-Length", String.valueOf(range.length()));
    if (request.method() == HttpMethod.HEAD) {
      return response.end();
    }
    return store.open(target.key(), range)
        .recover(ObjectResponder::storageUnavailable)
        .compose(body -> pipe(ctx, body));
  }

  private static Future<Void> pipe(RoutingContext ctx, OriginBody body) {
    if (body.file().isPresent() && ctx.request().version() != HttpVersion.HTTP_2) {
      return sendFile(ctx, body, body.file().get());
    }
    Pipe<Buffer> pipe = body.stream().pipe();
    ctx.response().closeHandler(v -> {
      // The viewer left: stop moving bytes that are already on their way from the origin into
      // a response that can no longer take them, then stop the origin fetch.
      pipe.close();
      body.cancel().run();
    });
    return pipe.to(ctx.response())
        .onFailure(e -> {
          // Headers are gone already: the viewer sees a cut body, which is what happened.
          LOG.debug("stream to {} ended early: {}", ctx.request().remoteAddress(), e.toString());
          body.cancel().run();
          ctx.response().reset();
        })
        .recover(e -> Future.succeededFuture());
  }

  /**
   * A body the edge cache has in a local file: the kernel copies it to the socket (sendfile),
   * nothing passes through the heap. Vert.x sends a file over HTTP/1.x only.
   */
  private static Future<Void> sendFile(RoutingContext ctx, OriginBody body,
      OriginBody.FileRegion file) {
    Future<Void> sent;
    try {
      sent = ctx.response().sendFile(file.channel(), file.position(), file.length());
    } catch (RuntimeException closedMeanwhile) {
      // Vert.x 5.0 throws instead of failing when the viewer hung up just before.
      sent = Future.failedFuture(closedMeanwhile);
    }
    return sent
        .onComplete(done -> body.cancel().run())
        .recover(e -> {
          LOG.debug("file to {} ended early: {}", ctx.request().remoteAddress(), e.toString());
          return Future.succeededFuture();
        });
  }

  private static <T> Future<T> storageUnavailable(Throwable failure) {
    if (failure instanceof SdkException
        || failure instanceof ConnectException
        || failure instanceof HttpClosedException
        || failure instanceof S3MediaStore.OriginException) {
      LOG.warn("origin unavailable: {}", failure.toString());
      return Future.failedFuture(new ApiException(ErrorCode.STORAGE_UNAVAILABLE,
          "storage is unavailable, retry later", failure));
    }
    return Future.failedFuture(failure);
  }
}
