package dev.reel.ingest.tus;

import dev.reel.common.event.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The durable state of one tus upload, kept as JSON in S3 by {@link TusStateStore}. Its bytes
 * are in two places: whole parts of the S3 multipart upload {@code multipartUploadId} (listed in
 * {@code parts}, in order, each {@code partSize} bytes), then a tail shorter than a part in the
 * object {@code tailKey}. So {@code offset} is the sum of the part sizes plus {@code tailLength},
 * and it only ever moves when a new version of this record is written: whatever a request sent
 * that did not make it into a written record does not count.
 *
 * @param revision bumped by every write; names the tail object that write made, so a write that
 *     died half-way never overwrites the tail the current record points at
 * @param sha256State the {@link ResumableSha256} state over bytes {@code [0, offset)}
 * @param contentType the type the first bytes were sniffed as; null until they arrived
 * @param declaredType {@code filetype} from the metadata, {@code application/octet-stream} if none
 * @param metadataHeader the {@code Upload-Metadata} header as sent, echoed by HEAD
 * @param expiresAt after this the upload answers 410 and is swept; moved on by every PATCH
 */
public record TusUpload(
    String assetId,
    long length,
    int partSize,
    long offset,
    @Nullable String multipartUploadId,
    List<Part> parts,
    @Nullable String tailKey,
    long tailLength,
    long revision,
    String sha256State,
    @Nullable String contentType,
    String declaredType,
    @Nullable String filename,
    Map<String, String> tags,
    String storageClass,
    @Nullable String metadataHeader,
    String uploaderKeyId,
    Instant createdAt,
    Instant expiresAt) {

  /** One uploaded part of the S3 multipart upload. */
  public record Part(int number, String etag, long size) {
  }

  public TusUpload {
    parts = List.copyOf(parts);
    tags = Map.copyOf(tags);
  }

  /** A new upload: nothing stored yet. */
  public static TusUpload create(String assetId, long length, UploadMetadata metadata,
      String uploaderKeyId, Instant now, Instant expiresAt) {
    return new TusUpload(assetId, length, PartSizing.partSize(length), 0, null, List.of(), null,
        0, 0, ResumableSha256.initialState(), null, metadata.filetype(),
        metadata.filename().orElse(null), metadata.tags(), metadata.storageClass(),
        metadata.header(), uploaderKeyId, now, expiresAt);
  }

  /** Every byte arrived and is durable; what is left is assembling and announcing. */
  public boolean allBytesStored() {
    return offset == length;
  }

  public boolean expired(Instant now) {
    return now.isAfter(expiresAt);
  }

  /** Bytes in whole parts, where the tail starts. */
  public long partBytes() {
    return parts.stream().mapToLong(Part::size).sum();
  }

  /** This upload after a request moved it on: a new revision with new parts, tail and digest. */
  public TusUpload advanced(long newOffset, @Nullable String uploadId, List<Part> allParts,
      @Nullable String newTailKey, long newTailLength, String newSha256State,
      @Nullable String sniffedType, Instant newExpiresAt) {
    return new TusUpload(assetId, length, partSize, newOffset, uploadId, allParts, newTailKey,
        newTailLength, revision + 1, newSha256State, sniffedType, declaredType, filename, tags,
        storageClass, metadataHeader, uploaderKeyId, createdAt, newExpiresAt);
  }
}
