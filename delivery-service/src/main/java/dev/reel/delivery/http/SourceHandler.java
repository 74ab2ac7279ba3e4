package dev.reel.delivery.http;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.delivery.domain.CachePolicy;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET} and {@code HEAD /v1/media/{assetId}/source}: the original, streamed from S3, with
 * byte ranges, answered with the content type it was stored with.
 */
final class SourceHandler {

  private final ObjectResponder responder;

  SourceHandler(ObjectResponder responder) {
    this.responder = responder;
  }

  /** The original of the asset {@link PlaybackAccess} let the request through for. */
  void handle(RoutingContext ctx, PlaybackGrant grant) {
    String assetId = grant.path().assetId();
    responder.respond(ctx, new ObjectResponder.Target(grant.objectKey(), null,
            CachePolicy.original(), false,
            new ApiException(ErrorCode.ASSET_NOT_FOUND, "no asset " + assetId)))
        .onFailure(ctx::fail);
  }
}
