package dev.reel.admin.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** {@link AccessLogStore} in the service's bucket, on any S3-compatible server. */
public final class S3AccessLogStore implements AccessLogStore {

  private final Vertx vertx;
  private final S3AsyncClient s3;
  private final String bucket;

  public S3AccessLogStore(Vertx vertx, S3AsyncClient s3, String bucket) {
    this.vertx = vertx;
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  public Future<Void> put(String key, byte[] gzipped) {
    return Future.fromCompletionStage(s3.putObject(b -> b.bucket(bucket).key(key)
                .contentType("application/gzip")
                .contentLength((long) gzipped.length),
            AsyncRequestBody.fromBytes(gzipped)), vertx.getOrCreateContext())
        .mapEmpty();
  }
}
