package dev.reel.transcode.job;

/**
 * Why a transcode job stopped, with the reason code published in {@code transcode.failed}.
 * {@code retryable} is false when the same input would fail the same way again.
 */
public final class JobFailure extends RuntimeException {

  public static final String UNSUPPORTED_MEDIA = "UNSUPPORTED_MEDIA";
  public static final String CORRUPT_INPUT = "CORRUPT_INPUT";
  public static final String NO_VIDEO_STREAM = "NO_VIDEO_STREAM";
  public static final String SOURCE_MISSING = "SOURCE_MISSING";
  public static final String ENCODE_FAILED = "ENCODE_FAILED";
  public static final String INSUFFICIENT_DISK = "INSUFFICIENT_DISK";
  public static final String STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE";
  public static final String BACKEND_ERROR = "BACKEND_ERROR";

  private final String reasonCode;
  private final boolean retryable;

  public JobFailure(String reasonCode, String message, boolean retryable) {
    super(message);
    this.reasonCode = reasonCode;
    this.retryable = retryable;
  }

  public JobFailure(String reasonCode, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.reasonCode = reasonCode;
    this.retryable = retryable;
  }

  public String reasonCode() {
    return reasonCode;
  }

  public boolean retryable() {
    return retryable;
  }
}
