package dev.reel.ingest.storage;

/** The upload's bytes were refused (empty, too large); nothing was stored. */
public final class UploadRejected extends RuntimeException {

  public enum Reason { EMPTY, TOO_LARGE }

  private final Reason reason;

  public UploadRejected(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
