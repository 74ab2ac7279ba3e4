package dev.reel.delivery.http;

import dev.reel.common.AssetId;
import dev.reel.common.event.EventCodec;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.common.http.HttpSettings;
import dev.reel.common.http.Responses;
import dev.reel.common.lifecycle.AssetLifecycles;
import dev.reel.delivery.config.PublicBaseUrl;
import dev.reel.delivery.domain.AssetStatus;
import dev.reel.delivery.domain.PlaybackUrls;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/assets/{assetId}}: whether the asset can be played yet, and the URLs to play it,
 * from the lifecycle events this service has read. Where media is private the URLs come signed
 * (canned policy, for {@code REEL_SIGNING_URL_TTL_SECONDS}), ready to hand to a player.
 */
final class AssetStatusHandler {

  private final AssetLifecycles assets;
  private final PublicBaseUrl publicBaseUrl;
  private final HttpSettings http;
  private final PlaybackUrlSigning signing;

  AssetStatusHandler(AssetLifecycles assets, PublicBaseUrl publicBaseUrl, HttpSettings http,
      PlaybackUrlSigning signing) {
    this.assets = assets;
    this.publicBaseUrl = publicBaseUrl;
    this.http = http;
    this.signing = signing;
  }

  void get(RoutingContext ctx) {
    String assetId = ctx.pathParam("assetId");
    if (!AssetId.isValid(assetId)) {
      throw new ApiException(ErrorCode.INVALID_ASSET_ID, "'" + assetId + "' is not an asset id");
    }
    String base = publicBaseUrl.resolve(http, ctx.request());
    PlaybackUrls urls = new PlaybackUrls(base);
    AssetStatus status = assets.find(assetId)
        .map(asset -> AssetStatus.of(asset, urls).withUrls(signing.forBase(base)))
        .orElseThrow(() -> new ApiException(ErrorCode.ASSET_NOT_FOUND, "no asset " + assetId));
    ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store");
    Responses.end(ctx.request(), Buffer.buffer(EventCodec.toJson(status)));
  }
}
