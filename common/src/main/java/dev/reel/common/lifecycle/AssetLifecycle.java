package dev.reel.common.lifecycle;

import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.common.event.TranscodeProgress;
import java.time.Instant;

/**
 * What the lifecycle events have said about one asset so far. A value: each event gives a new
 * one ({@code with...}), or this one unchanged when the event must not change anything. The
 * rules for events that arrive twice, late or out of order are on {@link AssetLifecycles}.
 *
 * @param assetId the asset
 * @param deleted true once {@code media.deleted} was read; nothing else is kept then
 * @param upload the {@code media.uploaded} payload, null until it is read
 * @param state where the asset is; {@code UPLOADED} until a transcode event applies
 * @param stateAt when the event that set {@code state} happened (its own timestamp); null while
 *     no transcode event applied
 * @param percent how much of the whole job is done (0 to 100), while {@code TRANSCODING}
 * @param playable whether the asset can be played: once a progress report of the running job
 *     said so, and when {@code READY}
 * @param completed the completion whose outputs are served, while {@code READY}
 * @param failure why the last job gave up, while {@code FAILED}
 */
public record AssetLifecycle(
    String assetId,
    boolean deleted,
    MediaUploaded upload,
    AssetState state,
    Instant stateAt,
    Double percent,
    boolean playable,
    TranscodeCompleted completed,
    TranscodeFailed failure) {

  /** An asset no event has been read about yet. */
  public static AssetLifecycle unknown(String assetId) {
    return new AssetLifecycle(assetId, false, null, AssetState.UPLOADED, null, null, false, null,
        null);
  }

  /** Not deleted, and at least one event was read about it. */
  public boolean known() {
    return !deleted && (upload != null || stateAt != null);
  }

  /** When the asset was uploaded, or null while its upload event has not been read. */
  public Instant createdAt() {
    return upload == null ? null : upload.uploadedAt();
  }

  /** When the event behind the current state happened: the upload, or the last transcode event. */
  public Instant updatedAt() {
    return stateAt != null ? stateAt : createdAt();
  }

  AssetLifecycle withUpload(MediaUploaded event) {
    if (deleted || upload != null) {
      return this;
    }
    return new AssetLifecycle(assetId, false, event, state, stateAt, percent, playable, completed,
        failure);
  }

  AssetLifecycle withDeletion(MediaDeleted event) {
    return new AssetLifecycle(assetId, true, null, AssetState.UPLOADED, null, null, false, null,
        null);
  }

  AssetLifecycle withProgress(TranscodeProgress event) {
    if (deleted || state == AssetState.READY || olderThanState(event.reportedAt())) {
      return this;
    }
    boolean stillPlayable = state == AssetState.TRANSCODING && playable;
    return new AssetLifecycle(assetId, false, upload, AssetState.TRANSCODING, event.reportedAt(),
        clamp(event.overallPercent()), stillPlayable || event.playable(), null, null);
  }

  AssetLifecycle withCompletion(TranscodeCompleted event) {
    if (deleted || (state == AssetState.READY && olderThanState(event.completedAt()))) {
      return this;
    }
    return new AssetLifecycle(assetId, false, upload, AssetState.READY, event.completedAt(), null,
        true, event, null);
  }

  AssetLifecycle withFailure(TranscodeFailed event) {
    if (deleted || state == AssetState.READY || olderThanState(event.failedAt())) {
      return this;
    }
    return new AssetLifecycle(assetId, false, upload, AssetState.FAILED, event.failedAt(), null,
        false, null, event);
  }

  private boolean olderThanState(Instant eventTime) {
    return stateAt != null && eventTime.isBefore(stateAt);
  }

  /** The producer does not enforce the range; a progress bar needs it. */
  private static double clamp(double percent) {
    return Double.isNaN(percent) ? 0 : Math.max(0, Math.min(100, percent));
  }
}
