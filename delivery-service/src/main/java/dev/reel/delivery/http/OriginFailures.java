package dev.reel.delivery.http;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.delivery.storage.S3MediaStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/** Storage failures the viewer cannot fix, answered 503 STORAGE_UNAVAILABLE. */
final class OriginFailures {

  private static final Logger LOG = LoggerFactory.getLogger(OriginFailures.class);

  private OriginFailures() {
  }

  static <T> Future<T> storageUnavailable(Throwable failure) {
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
