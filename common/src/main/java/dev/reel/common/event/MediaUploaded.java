package dev.reel.common.event;

import java.time.Instant;
import java.util.Map;

/**
 * An original is durable in S3 and ready to be processed. Published by ingest only after S3
 * confirmed the object.
 */
public record MediaUploaded(
    String assetId,
    String bucket,
    String key,
    long size,
    String sha256,
    String contentType,
    @Nullable String filename,
    Map<String, String> tags,
    String storageClass,
    @Nullable String uploaderKeyId,
    UploadMode uploadMode,
    Instant uploadedAt) {

  public MediaUploaded {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
