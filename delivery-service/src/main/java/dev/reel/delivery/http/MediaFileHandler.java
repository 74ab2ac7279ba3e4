package dev.reel.delivery.http;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.common.lifecycle.AssetLifecycles;
import dev.reel.common.lifecycle.AssetState;
import dev.reel.delivery.domain.CachePolicy;
import dev.reel.delivery.domain.MediaFileType;
import dev.reel.delivery.domain.MediaPath;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET} and {@code HEAD /v1/media/{assetId}/{file}}: one of the transcode outputs (HLS and
 * DASH manifests, variant playlists, init and media segments, poster, storyboard), served from
 * {@code renditions/{assetId}/{file}} with the content type its name calls for.
 */
final class MediaFileHandler {

  private final ObjectResponder responder;
  private final AssetLifecycles assets;

  MediaFileHandler(ObjectResponder responder, AssetLifecycles assets) {
    this.responder = responder;
    this.assets = assets;
  }

  /** The file {@link PlaybackAccess} let the request through for. */
  void handle(RoutingContext ctx, PlaybackGrant grant) {
    MediaPath path = grant.path();
    MediaFileType type = MediaFileType.of(path.fileName());
    responder.respond(ctx, new ObjectResponder.Target(grant.objectKey(),
            type.contentType().orElse(null),
            CachePolicy.rendition(type, ready(path.assetId())), type.compressible(),
            new ApiException(ErrorCode.MEDIA_FILE_NOT_FOUND,
                "asset " + path.assetId() + " has no file " + path.file())))
        .onFailure(ctx::fail);
  }

  /** Whether the asset's outputs are final, as far as the lifecycle events read so far tell. */
  private boolean ready(String assetId) {
    return assets.find(assetId).map(asset -> asset.state() == AssetState.READY).orElse(false);
  }
}
