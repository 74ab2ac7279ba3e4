package dev.reel.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where each kind of object lives in the bucket. Services derive keys only through this class,
 * so the layout documented in the design has one definition in code.
 */
public final class StorageLayout {

  private StorageLayout() {
  }

  /** The uploaded bytes, with their content type and user metadata. */
  public static String originalKey(String assetId) {
    return "originals/" + assetId + "/source";
  }

  /**
   * The upload record: the {@code media.uploaded} payload, written after the original is durable
   * and before the event is published, so the facts announced by the event are also in S3.
   */
  public static String uploadRecordKey(String assetId) {
    return "originals/" + assetId + "/upload.json";
  }

  /** Where pending presigned upload plans live; each one is {@link #presignedUploadKey}. */
  public static final String PRESIGNED_UPLOADS_PREFIX = "uploads/presigned/";

  /**
   * The plan of a presigned upload that has not completed yet (with its {@code expiresAt}), so
   * that whatever cleans up abandoned uploads can tell a live one from a stale one. Removed when
   * the upload completes.
   */
  public static String presignedUploadKey(String assetId) {
    return PRESIGNED_UPLOADS_PREFIX + assetId + ".json";
  }

  /**
   * The folder of an asset's transcode outputs: master playlist, DASH manifest, job manifest,
   * {@code cmaf/{rendition}/...} and {@code thumbs/...}, each at the same relative path under
   * which delivery serves it.
   */
  public static String renditionsPrefix(String assetId) {
    return "renditions/" + assetId + "/";
  }

  /** One transcode output, by its path relative to {@link #renditionsPrefix}. */
  public static String renditionKey(String assetId, String relativePath) {
    return renditionsPrefix(assetId) + relativePath;
  }

  /** The HLS master playlist's path relative to {@link #renditionsPrefix}. */
  public static final String HLS_MASTER = "master.m3u8";

  /** The DASH manifest's path relative to {@link #renditionsPrefix}. */
  public static final String DASH_MANIFEST = "manifest.mpd";

  /** Where access logs live: {@code logs/access/yyyy/mm/dd/HH/}, by UTC hour. */
  public static final String ACCESS_LOGS_PREFIX = "logs/access/";

  private static final DateTimeFormatter HOUR_FOLDER =
      DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/").withZone(ZoneOffset.UTC);

  /**
   * One gzip'd JSON lines object of {@code delivery.access} records served in the UTC hour of
   * {@code servedAt}, named after the Kafka partition and the offset of its first record. The
   * name is deterministic, so that an archiver re-reading the same records after a crash
   * overwrites the object instead of writing the records twice.
   */
  public static String accessLogKey(Instant servedAt, int partition, long firstOffset) {
    return ACCESS_LOGS_PREFIX + HOUR_FOLDER.format(servedAt)
        + String.format(Locale.ROOT, "%d-%020d.jsonl.gz", partition, firstOffset);
  }
}
