package dev.reel.delivery.http;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.delivery.storage.S3MediaStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Storage failures the viewer cannot fix: 504 ORIGIN_TIMEOUT when S3 did not answer in time, 503
 * STORAGE_UNAVAILABLE for the rest.
 */
final class OriginFailures {

  private static final Logger LOG = LoggerFactory.getLogger(OriginFailures.class);

  private OriginFailures() {
  }

  static <T> Future<T> storageUnavailable(Throwable thrown) {
    // The AWS SDK's futures (credentials being resolved) fail with its exception wrapped.
    Throwable failure = thrown instanceof CompletionException && thrown.getCause() != null
        ? thrown.getCause() : thrown;
    if (failure instanceof TimeoutException) {
      LOG.warn("origin timed out: {}", failure.getMessage());
      return Future.failedFuture(new ApiException(ErrorCode.ORIGIN_TIMEOUT,
          "storage did not answer in time, retry later", failure));
    }
    if (failure instanceof SdkException
        || failure instanceof ConnectException
        || failure instanceof HttpClosedException
        || failure instanceof S3MediaStore.OriginException) {
      LOG.warn("origin unavailable: {}", failure.toString());
      return Future.failedFuture(new ApiException(ErrorCode.STORAGE_UNAVAILABLE,
          "storage is unavailable, retry later", failure));
    }
    return Future.failedFuture(failure);
  }
}
