package dev.reel.ingest.config;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Presigned direct-to-S3 uploads.
 *
 * @param expiry how long the presigned URLs of a plan stay valid
 * @param publicEndpoint the S3 endpoint as clients reach it, when that differs from the one the
 *     service uses (in docker-compose the service talks to {@code http://minio:9000}, a browser
 *     to {@code http://localhost:9000}); the signature covers the host, so the URL must be signed
 *     for the host the client will send
 * @param multipartThresholdBytes plans for larger uploads are S3 multipart, one URL per part
 * @param completionGrace how long after its URLs expire an upload can still be completed; after
 *     that completion answers 410 and the sweeper removes what was uploaded
 */
public record PresignSettings(Duration expiry, Optional<URI> publicEndpoint,
    long multipartThresholdBytes, Duration completionGrace) {

  public static final String EXPIRY_MINUTES = "REEL_PRESIGN_EXPIRY_MINUTES";
  public static final String PUBLIC_ENDPOINT = "REEL_S3_PUBLIC_ENDPOINT";
  public static final String MULTIPART_THRESHOLD_BYTES = "REEL_PRESIGN_MULTIPART_THRESHOLD_BYTES";
  public static final String COMPLETION_GRACE_MINUTES = "REEL_PRESIGN_COMPLETION_GRACE_MINUTES";

  /** SigV4 presigned URLs live at most seven days. */
  static final long MAX_EXPIRY_MINUTES = 7 * 24 * 60;
  /** Below this a part of a multipart upload would be refused by S3 anyway. */
  static final long MIN_THRESHOLD = 5L * 1024 * 1024;
  /** The largest object S3 takes in a single PUT. */
  static final long MAX_THRESHOLD = 5L * 1024 * 1024 * 1024;
  /** Thirty days: uploaded bytes nobody completes are not kept longer than that. */
  static final long MAX_GRACE_MINUTES = 30 * 24 * 60;

  public static JsonObject defaults() {
    return new JsonObject()
        .put(EXPIRY_MINUTES, "60")
        .put(MULTIPART_THRESHOLD_BYTES, String.valueOf(64L * 1024 * 1024))
        .put(COMPLETION_GRACE_MINUTES, String.valueOf(24 * 60));
  }

  public static PresignSettings read(ConfigReader config) {
    long minutes = config.positiveLong(EXPIRY_MINUTES);
    if (minutes > MAX_EXPIRY_MINUTES) {
      throw new ConfigException(EXPIRY_MINUTES + " must be between 1 and " + MAX_EXPIRY_MINUTES
          + " (7 days, the longest a presigned URL can live), was " + minutes);
    }
    long threshold = config.positiveLong(MULTIPART_THRESHOLD_BYTES);
    if (threshold < MIN_THRESHOLD || threshold > MAX_THRESHOLD) {
      throw new ConfigException(MULTIPART_THRESHOLD_BYTES + " must be between " + MIN_THRESHOLD
          + " and " + MAX_THRESHOLD + " bytes, was " + threshold);
    }
    long grace = config.positiveLong(COMPLETION_GRACE_MINUTES);
    if (grace > MAX_GRACE_MINUTES) {
      throw new ConfigException(COMPLETION_GRACE_MINUTES + " must be between 1 and "
          + MAX_GRACE_MINUTES + " (30 days), was " + grace);
    }
    return new PresignSettings(Duration.ofMinutes(minutes), config.optionalUri(PUBLIC_ENDPOINT),
        threshold, Duration.ofMinutes(grace));
  }
}
