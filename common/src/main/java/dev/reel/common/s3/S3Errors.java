package dev.reel.common.s3;

import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How S3 failures look once they reach Vert.x futures. */
public final class S3Errors {

  private S3Errors() {
  }

  /** The SDK's own exception, out of the CompletionException the async client wraps it in. */
  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** No such key, upload or bucket: every "not found" S3 answers is a 404. */
  public static boolean isNotFound(Throwable failure) {
    return unwrap(failure) instanceof S3Exception s3 && s3.statusCode() == 404;
  }
}
