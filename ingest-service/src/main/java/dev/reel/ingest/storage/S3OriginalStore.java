package dev.reel.ingest.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** {@link OriginalStore} on any S3-compatible server. */
public final class S3OriginalStore implements OriginalStore {

  private final Vertx vertx;
  private final S3AsyncClient s3;
  private final String bucket;
  private final int partSize;

  public S3OriginalStore(Vertx vertx, S3AsyncClient s3, String bucket, int partSize) {
    this.vertx = vertx;
    this.s3 = s3;
    this.bucket = bucket;
    this.partSize = partSize;
  }

  @Override
  public Future<StoredObject> write(String key, ReadStream<Buffer> body,
      ObjectAttributes attributes, long maxBytes) {
    return new StreamingUpload(vertx.getOrCreateContext(), s3, bucket, key, attributes, maxBytes,
        partSize).run(body);
  }

  @Override
  public Future<Void> putSmall(String key, byte[] bytes, String contentType) {
    return Future.fromCompletionStage(s3.putObject(b -> b.bucket(bucket).key(key)
                .contentType(contentType).contentLength((long) bytes.length),
            AsyncRequestBody.fromBytes(bytes)), vertx.getOrCreateContext())
        .mapEmpty();
  }

  @Override
  public Future<Void> delete(String key) {
    return Future.fromCompletionStage(s3.deleteObject(b -> b.bucket(bucket).key(key)),
        vertx.getOrCreateContext()).mapEmpty();
  }
}
