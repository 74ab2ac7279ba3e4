package dev.reel.transcode.mediaconvert;

import dev.reel.transcode.job.JobFailure;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.mediaconvert.model.MediaConvertException;

/**
 * Turns what MediaConvert reports into the reasons {@code transcode.failed} carries. A job that
 * ends in ERROR has a numeric code: 1xxx are about the input and the job's settings for it (the
 * same input fails the same way again), 1999 is MediaConvert's "unknown error", 3xxx are about
 * writing the outputs. A call that fails has an HTTP status: 429 and 5xx pass, 400 does not.
 */
final class JobErrors {

  /** Inputs MediaConvert cannot open or does not support. */
  static final Set<Integer> UNSUPPORTED_INPUT = Set.of(1010, 1401);
  /** Inputs MediaConvert opened but could not decode. */
  static final Set<Integer> UNREADABLE_INPUT = Set.of(1030, 1040);
  static final int UNKNOWN_ERROR = 1999;

  private JobErrors() {
  }

  /** The failure for a job that ended in ERROR. */
  static JobFailure ofJob(String jobId, Integer code, String message) {
    String text = "MediaConvert job " + jobId + " failed with error " + code + ": "
        + (message == null || message.isBlank() ? "no message" : message.strip());
    if (code == null) {
      return new JobFailure(JobFailure.BACKEND_ERROR, text, true);
    }
    if (UNSUPPORTED_INPUT.contains(code)) {
      return new JobFailure(JobFailure.UNSUPPORTED_MEDIA, text, false);
    }
    if (UNREADABLE_INPUT.contains(code)) {
      return new JobFailure(JobFailure.CORRUPT_INPUT, text, false);
    }
    if (code == UNKNOWN_ERROR) {
      return new JobFailure(JobFailure.BACKEND_ERROR, text, true);
    }
    if (code >= 1000 && code < 2000) {
      return new JobFailure(JobFailure.ENCODE_FAILED, text, false);
    }
    if (code >= 3000 && code < 4000) {
      return new JobFailure(JobFailure.STORAGE_UNAVAILABLE, text, true);
    }
    return new JobFailure(JobFailure.BACKEND_ERROR, text, true);
  }

  /**
   * The failure for a call that did not go through. A rejected Probe means MediaConvert cannot
   * read the file; a rejected CreateJob means it refused the settings Reel built for this input.
   */
  static JobFailure ofCall(String operation, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof MediaConvertException e) {
      int status = e.statusCode();
      String text = "MediaConvert " + operation + " answered " + status + " "
          + (e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : "") + ": "
          + message(e);
      if (status == 400 && operation.equals("Probe")) {
        return new JobFailure(JobFailure.UNSUPPORTED_MEDIA, text, false, e);
      }
      if (status == 400) {
        return new JobFailure(JobFailure.BACKEND_ERROR, text, false, e);
      }
      return new JobFailure(JobFailure.BACKEND_ERROR, status == 403
          ? text + " (check the credentials' mediaconvert and iam:PassRole permissions)" : text,
          true, e);
    }
    if (cause instanceof SdkClientException) {
      return new JobFailure(JobFailure.BACKEND_ERROR, "MediaConvert " + operation
          + " did not answer: " + cause.getMessage(), true, cause);
    }
    return new JobFailure(JobFailure.BACKEND_ERROR, "MediaConvert " + operation + " failed: "
        + cause, true, cause);
  }

  private static String message(MediaConvertException e) {
    String message = e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : null;
    return message != null ? message : String.valueOf(e.getMessage());
  }

  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
