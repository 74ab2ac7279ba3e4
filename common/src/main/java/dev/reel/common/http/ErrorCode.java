package dev.reel.common.http;

/** Every error a Reel API answers with, and its HTTP status. */
public enum ErrorCode {
  BAD_REQUEST(400),
  EMPTY_BODY(400),
  INVALID_ASSET_ID(400),
  /** delivery: a media file path with '..', '.', an empty segment or an encoded character. */
  INVALID_MEDIA_PATH(400),
  UNAUTHORIZED(401),
  FORBIDDEN(403),
  /** delivery: private media asked for with no signature, in the query or in cookies. */
  MISSING_SIGNATURE(403),
  /** delivery: the Key-Pair-Id names no key delivery accepts. */
  UNKNOWN_KEY(403),
  /** delivery: the signature does not match the policy (or, for a canned policy, the URL). */
  SIGNATURE_INVALID(403),
  /** delivery: the policy, or the Expires value, cannot be read. */
  POLICY_INVALID(403),
  /** delivery: a valid policy whose resource does not cover the URL asked for. */
  RESOURCE_MISMATCH(403),
  /** delivery: the policy's DateLessThan has passed. */
  EXPIRED(403),
  /** delivery: the policy's DateGreaterThan has not come yet. */
  NOT_YET_VALID(403),
  /** delivery: the policy's IpAddress condition leaves out the client's address. */
  IP_NOT_ALLOWED(403),
  NOT_FOUND(404),
  ASSET_NOT_FOUND(404),
  /** delivery: no such file among the asset's transcode outputs (yet). */
  MEDIA_FILE_NOT_FOUND(404),
  /** tus: no resumable upload with this id (never created, terminated, or expired and swept). */
  UPLOAD_NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  /** The client asked to finish an upload whose bytes are not (all) in storage yet. */
  UPLOAD_INCOMPLETE(409),
  /** tus: the request's Upload-Offset is not the upload's current offset. */
  OFFSET_MISMATCH(409),
  /**
   * The upload expired before it was finished (tus) or completed (presigned); its bytes are gone,
   * or about to be.
   */
  UPLOAD_EXPIRED(410),
  /** tus: the request does not speak a protocol version this server does. */
  PROTOCOL_VERSION_UNSUPPORTED(412),
  /**
   * delivery: an {@code If-Match} or {@code If-Unmodified-Since} the stored object does not meet
   * (it has changed since the client last saw it).
   */
  PRECONDITION_FAILED(412),
  PAYLOAD_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  RANGE_NOT_SATISFIABLE(416),
  /** The request line is longer than the server reads (4096 bytes): the URI, mostly. */
  URI_TOO_LONG(414),
  /** tus: another request holds the upload and did not let go in time; retry. */
  UPLOAD_LOCKED(423),
  /** tus: the body does not match its Upload-Checksum; it was not kept. */
  CHECKSUM_MISMATCH(460),
  /** The request's headers are larger than the server reads (8192 bytes). */
  HEADER_FIELDS_TOO_LARGE(431),
  /** The request names an HTTP version the server does not speak (HTTP/9.9, HTTP/1.2). */
  HTTP_VERSION_NOT_SUPPORTED(505),
  STORAGE_UNAVAILABLE(503),
  EVENTS_UNAVAILABLE(503),
  /**
   * delivery: S3 did not answer in time (REEL_DELIVERY_ORIGIN_TIMEOUT_SECONDS), as CloudFront's
   * 504 when its origin does not.
   */
  ORIGIN_TIMEOUT(504),
  INTERNAL_ERROR(500);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
