package dev.reel.admin.domain;

import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.common.event.TranscodeProgress;
import dev.reel.common.lifecycle.AssetLifecycle;
import dev.reel.common.lifecycle.AssetLifecycles;
import dev.reel.common.lifecycle.AssetState;
import java.util.Comparator;
import java.util.List;

/**
 * The asset list: every asset whose upload is known and that is not deleted, as the shared
 * lifecycle fold ({@link AssetLifecycles}, where the rules for duplicate, late and out-of-order
 * events are) sees it. An asset whose transcode result arrived before its upload is listed once
 * the upload shows up.
 */
public final class AssetCatalog {

  private static final Comparator<AssetSummary> NEWEST_FIRST = Comparator
      .comparing(AssetSummary::uploadedAt).reversed()
      .thenComparing(AssetSummary::assetId, Comparator.reverseOrder());

  private final AssetLifecycles lifecycles = new AssetLifecycles();

  /** The fold this catalog lists; the projector feeds it. */
  public AssetLifecycles lifecycles() {
    return lifecycles;
  }

  public void uploaded(MediaUploaded event) {
    lifecycles.uploaded(event);
  }

  public void deleted(MediaDeleted event) {
    lifecycles.deleted(event);
  }

  public void progressed(TranscodeProgress event) {
    lifecycles.progressed(event);
  }

  public void completed(TranscodeCompleted event) {
    lifecycles.completed(event);
  }

  public void failed(TranscodeFailed event) {
    lifecycles.failed(event);
  }

  /** Known assets, newest upload first. */
  public List<AssetSummary> newestFirst(int limit) {
    return lifecycles.known()
        .filter(asset -> asset.upload() != null)
        .map(AssetCatalog::summary)
        .sorted(NEWEST_FIRST)
        .limit(limit)
        .toList();
  }

  public int size() {
    return (int) lifecycles.known().filter(asset -> asset.upload() != null).count();
  }

  private static AssetSummary summary(AssetLifecycle asset) {
    MediaUploaded upload = asset.upload();
    Double percent = switch (asset.state()) {
      case TRANSCODING -> asset.percent();
      case READY -> 100.0;
      default -> null;
    };
    return new AssetSummary(upload.assetId(), upload.size(), upload.contentType(),
        upload.filename(), upload.storageClass(), asset.state(), percent,
        asset.state() == AssetState.FAILED ? asset.failure().reasonCode() : null,
        asset.state() == AssetState.FAILED ? asset.failure().message() : null,
        upload.uploadedAt(), asset.updatedAt());
  }
}
