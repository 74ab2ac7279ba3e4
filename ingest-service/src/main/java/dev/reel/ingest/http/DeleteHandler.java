package dev.reel.ingest.http;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.Topic;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ApiKeyAuth;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.events.Outbox;
import dev.reel.ingest.storage.OriginalStore;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DELETE /v1/assets/{assetId}}: removes the original and publishes {@code media.deleted};
 * the owners of renditions and caches remove theirs on that event. The upload record goes last,
 * so a delete that failed half-way can simply be sent again.
 */
final class DeleteHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeleteHandler.class);

  private final OriginalStore store;
  private final Outbox outbox;
  private final String bucket;

  DeleteHandler(OriginalStore store, Outbox outbox, String bucket) {
    this.store = store;
    this.outbox = outbox;
    this.bucket = bucket;
  }

  void handle(RoutingContext ctx) {
    String assetId = ctx.pathParam("assetId");
    if (!AssetId.isValid(assetId)) {
      ctx.fail(new ApiException(ErrorCode.INVALID_ASSET_ID,
          "'" + assetId + "' is not an asset id"));
      return;
    }
    String keyId = ctx.get(ApiKeyAuth.KEY_ID);
    String original = StorageLayout.originalKey(assetId);
    store.exists(StorageLayout.uploadRecordKey(assetId))
        .recover(e -> Future.failedFuture(UploadHandler.storageFailure(e)))
        .compose(exists -> exists ? Future.succeededFuture() : Future.failedFuture(
            new ApiException(ErrorCode.ASSET_NOT_FOUND, "no asset " + assetId)))
        .compose(v -> store.delete(original))
        .compose(v -> outbox.publish(Topic.MEDIA_DELETED, assetId,
            new MediaDeleted(assetId, bucket, original, keyId, Instant.now())))
        .compose(v -> store.delete(StorageLayout.uploadRecordKey(assetId)))
        .recover(e -> Future.failedFuture(UploadHandler.storageFailure(e)))
        .onSuccess(v -> {
          LOG.info("asset {}: deleted", assetId);
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(ctx::fail);
  }
}
