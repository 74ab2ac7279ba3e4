package dev.reel.ingest.presigned;

import dev.reel.common.event.EventCodec;
import dev.reel.common.event.Nullable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A presigned upload between its plan and its completion, kept as JSON at
 * {@link dev.reel.common.StorageLayout#presignedUploadKey}. It is what completion checks the
 * stored bytes against, and what {@link PresignedSweeper} reads. Once {@code expiresAt} has
 * passed no URL of the plan works any more; the client then has a grace period to complete what
 * it uploaded in time. After that completion refuses, and a little later (see
 * {@link #SWEEP_MARGIN}) an upload whose plan is still here and whose
 * {@code originals/{assetId}/upload.json} does not exist counts as abandoned: its object
 * (single PUT, or assembled but never recorded) and its multipart upload {@code uploadId} go.
 *
 * @param uploadId the S3 multipart upload, or null for a single PUT
 * @param partSize the size of each part but the last; 0 for a single PUT
 * @param sha256 the digest the client declared, or null
 * @param uploaderKeyId the id of the API key that asked for the plan
 */
public record PendingUpload(
    String assetId,
    String key,
    long size,
    String contentType,
    @Nullable String filename,
    String storageClass,
    Map<String, String> tags,
    @Nullable String sha256,
    String uploaderKeyId,
    @Nullable String uploadId,
    long partSize,
    Instant createdAt,
    Instant expiresAt) {

  /**
   * How long after completion stops accepting an upload the sweeper waits before removing it.
   * Completion checks its deadline right before it writes the upload record; this margin covers
   * the moment between that check and the write, and clocks that differ between instances, so
   * that a sweeper never removes bytes a completion is about to record.
   */
  public static final Duration SWEEP_MARGIN = Duration.ofMinutes(10);

  public PendingUpload {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The last moment completion accepts this upload: its URLs' expiry plus the grace period. */
  public Instant completableUntil(Duration grace) {
    return expiresAt.plus(grace);
  }

  public boolean completable(Instant now, Duration grace) {
    return !now.isAfter(completableUntil(grace));
  }

  /** Whether a sweeper may remove what completion would no longer accept. */
  public boolean sweepable(Instant now, Duration grace) {
    return now.isAfter(completableUntil(grace).plus(SWEEP_MARGIN));
  }

  public boolean multipart() {
    return uploadId != null;
  }

  public Optional<String> declaredSha256() {
    return Optional.ofNullable(sha256);
  }

  /** The plan this upload was given, rebuilt from what was stored. */
  public PresignedPlan plan() {
    return multipart() ? PresignedPlan.multipart(size, partSize)
        : new PresignedPlan(size, false, size, List.of());
  }

  public byte[] toJson() {
    return EventCodec.toJson(this);
  }

  public static PendingUpload fromJson(byte[] json) {
    try {
      return EventCodec.json().readValue(json, PendingUpload.class);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable presigned upload plan", e);
    }
  }
}
