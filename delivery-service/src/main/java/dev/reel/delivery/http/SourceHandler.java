package dev.reel.delivery.http;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.domain.RangeRequest;
import dev.reel.delivery.domain.Validators;
import dev.reel.delivery.storage.MediaStore;
import dev.reel.delivery.storage.ObjectInfo;
import dev.reel.delivery.storage.OriginBody;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.Pipe;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code GET} and {@code HEAD /v1/media/{assetId}/source}: the original, streamed from S3, with
 * single byte ranges.
 */
final class SourceHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SourceHandler.class);

  private final MediaStore store;

  SourceHandler(MediaStore store) {
    this.store = store;
  }

  void handle(RoutingContext ctx) {
    String assetId = ctx.pathParam("assetId");
    if (!AssetId.isValid(assetId)) {
      ctx.fail(new ApiException(ErrorCode.INVALID_ASSET_ID,
          "'" + assetId + "' is not an asset id"));
      return;
    }
    String key = StorageLayout.originalKey(assetId);
    store.describe(key)
        .recover(SourceHandler::storageUnavailable)
        .compose(info -> info.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
            new ApiException(ErrorCode.ASSET_NOT_FOUND, "no asset " + assetId))))
        .compose(info -> serve(ctx, key, info))
        .onFailure(ctx::fail);
  }

  private Future<Void> serve(RoutingContext ctx, String key, ObjectInfo info) {
    HttpServerResponse response = ctx.response();
    response.putHeader("Accept-Ranges", "bytes")
        .putHeader("Content-Type", Optional.ofNullable(info.contentType())
            .orElse("application/octet-stream"));
    Optional.ofNullable(info.etag()).ifPresent(etag -> response.putHeader("ETag", etag));
    Optional.ofNullable(info.lastModified()).ifPresent(modified -> response.putHeader(
        "Last-Modified", Validators.httpDate(modified)));

    String rangeHeader = Validators.rangeApplies(ctx.request().getHeader("If-Range"),
        info.etag(), info.lastModified()) ? ctx.request().getHeader("Range") : null;
    RangeRequest wanted = RangeRequest.parse(rangeHeader, info.length());
    ByteRange range;
    if (wanted instanceof RangeRequest.Unsatisfiable unsatisfiable) {
      return Future.failedFuture(new ApiException(ErrorCode.RANGE_NOT_SATISFIABLE,
          "range '" + ctx.request().getHeader("Range") + "' is outside the " + info.length()
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
    if (ctx.request().method() == HttpMethod.HEAD) {
      return response.end();
    }
    return store.open(key, range)
        .recover(SourceHandler::storageUnavailable)
        .compose(body -> pipe(ctx, body));
  }

  private static Future<Void> pipe(RoutingContext ctx, OriginBody body) {
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

  private static <T> Future<T> storageUnavailable(Throwable failure) {
    if (failure instanceof SdkException
        || failure instanceof java.net.ConnectException
        || failure instanceof io.vertx.core.http.HttpClosedException
        || failure instanceof dev.reel.delivery.storage.S3MediaStore.OriginException) {
      LOG.warn("origin unavailable: {}", failure.toString());
      return Future.failedFuture(new ApiException(ErrorCode.STORAGE_UNAVAILABLE,
          "storage is unavailable, retry later", failure));
    }
    return Future.failedFuture(failure);
  }
}
