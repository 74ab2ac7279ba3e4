package dev.reel.common.http;

/** Every error a Reel API answers with, and its HTTP status. */
public enum ErrorCode {
  BAD_REQUEST(400),
  EMPTY_BODY(400),
  INVALID_ASSET_ID(400),
  UNAUTHORIZED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  ASSET_NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  PAYLOAD_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  RANGE_NOT_SATISFIABLE(416),
  STORAGE_UNAVAILABLE(503),
  EVENTS_UNAVAILABLE(503),
  INTERNAL_ERROR(500);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
