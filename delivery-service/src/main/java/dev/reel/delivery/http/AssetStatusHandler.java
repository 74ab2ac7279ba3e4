package dev.reel.delivery.http;

import dev.reel.common.AssetId;
import dev.reel.common.event.EventCodec;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.common.lifecycle.AssetLifecycles;
import dev.reel.delivery.domain.AssetStatus;
import dev.reel.delivery.domain.PlaybackUrls;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code GET /v1/assets/{assetId}}: whether the asset can be played yet, and the URLs to play it,
 * from the lifecycle events this service has read.
 */
final class AssetStatusHandler {

  private final AssetLifecycles assets;
  private final Supplier<PlaybackUrls> urls;

  /** @param urls the URLs' base is known once the server listens, hence a supplier */
  AssetStatusHandler(AssetLifecycles assets, Supplier<PlaybackUrls> urls) {
    this.assets = assets;
    this.urls = urls;
  }

  void get(RoutingContext ctx) {
    String assetId = ctx.pathParam("assetId");
    if (!AssetId.isValid(assetId)) {
      throw new ApiException(ErrorCode.INVALID_ASSET_ID, "'" + assetId + "' is not an asset id");
    }
    AssetStatus status = assets.find(assetId)
        .map(asset -> AssetStatus.of(asset, urls.get()))
        .orElseThrow(() -> new ApiException(ErrorCode.ASSET_NOT_FOUND, "no asset " + assetId));
    ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(Buffer.buffer(EventCodec.toJson(status)));
  }
}
