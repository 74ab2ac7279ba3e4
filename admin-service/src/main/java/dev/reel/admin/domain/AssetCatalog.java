package dev.reel.admin.domain;

import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.common.event.TranscodeProgress;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The asset list, folded from lifecycle events. Applying an event twice changes nothing, and
 * events of one asset may arrive in any order across topics: a transcode result that arrives
 * before its upload is kept until the upload shows up, and a deleted asset stays deleted.
 * Not thread-safe: it is only touched from one Vert.x context.
 */
public final class AssetCatalog {

  private static final Comparator<AssetSummary> NEWEST_FIRST = Comparator
      .comparing(AssetSummary::uploadedAt).reversed()
      .thenComparing(AssetSummary::assetId, Comparator.reverseOrder());

  private record Processing(AssetState state, Double percent, String failureCode,
      String failureMessage, Instant at) {
  }

  private final Map<String, MediaUploaded> uploads = new HashMap<>();
  private final Map<String, Processing> processing = new HashMap<>();
  private final Set<String> deleted = new HashSet<>();

  public void uploaded(MediaUploaded event) {
    if (!deleted.contains(event.assetId())) {
      uploads.put(event.assetId(), event);
    }
  }

  public void deleted(MediaDeleted event) {
    deleted.add(event.assetId());
    uploads.remove(event.assetId());
    processing.remove(event.assetId());
  }

  public void progressed(TranscodeProgress event) {
    Processing current = processing.get(event.assetId());
    if (current != null && (current.state() == AssetState.READY
        || current.state() == AssetState.FAILED || event.reportedAt().isBefore(current.at()))) {
      return;
    }
    record(event.assetId(), new Processing(AssetState.TRANSCODING, event.percent(), null, null,
        event.reportedAt()));
  }

  public void completed(TranscodeCompleted event) {
    record(event.assetId(), new Processing(AssetState.READY, 100.0, null, null,
        event.completedAt()));
  }

  public void failed(TranscodeFailed event) {
    Processing current = processing.get(event.assetId());
    if (current != null && current.state() == AssetState.READY) {
      return;
    }
    record(event.assetId(), new Processing(AssetState.FAILED, null, event.reasonCode(),
        event.message(), event.failedAt()));
  }

  private void record(String assetId, Processing state) {
    if (!deleted.contains(assetId)) {
      processing.put(assetId, state);
    }
  }

  /** Known assets, newest upload first. */
  public List<AssetSummary> newestFirst(int limit) {
    return uploads.values().stream()
        .map(this::summary)
        .sorted(NEWEST_FIRST)
        .limit(limit)
        .toList();
  }

  public int size() {
    return uploads.size();
  }

  private AssetSummary summary(MediaUploaded upload) {
    Processing state = processing.get(upload.assetId());
    if (state == null) {
      return new AssetSummary(upload.assetId(), upload.size(), upload.contentType(),
          upload.filename(), upload.storageClass(), AssetState.UPLOADED, null, null, null,
          upload.uploadedAt(), upload.uploadedAt());
    }
    return new AssetSummary(upload.assetId(), upload.size(), upload.contentType(),
        upload.filename(), upload.storageClass(), state.state(), state.percent(),
        state.failureCode(), state.failureMessage(), upload.uploadedAt(), state.at());
  }
}
