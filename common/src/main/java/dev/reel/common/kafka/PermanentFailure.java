package dev.reel.common.kafka;

/**
 * A handler failure that retrying cannot fix (a malformed event, a bad input): the consumer sends
 * the record to the dead-letter topic at once instead of retrying.
 */
public class PermanentFailure extends RuntimeException {
  public PermanentFailure(String message) {
    super(message);
  }

  public PermanentFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
