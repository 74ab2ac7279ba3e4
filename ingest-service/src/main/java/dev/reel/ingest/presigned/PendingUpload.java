package dev.reel.ingest.presigned;

import dev.reel.common.event.EventCodec;
import dev.reel.common.event.Nullable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A presigned upload between its plan and its completion, kept as JSON at
 * {@link dev.reel.common.StorageLayout#presignedUploadKey}. It is what completion checks the
 * stored bytes against, and what a cleaner of abandoned uploads reads: once {@code expiresAt} has
 * passed no URL of the plan works any more, so an upload whose plan is still here (and whose
 * {@code originals/{assetId}/upload.json} does not exist) was abandoned; its object at
 * {@code key} (single PUT) or its multipart upload {@code uploadId} can then go.
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

  public PendingUpload {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
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
