package dev.reel.ingest.storage;

import dev.reel.common.s3.S3Errors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** {@link OriginalStore} on any S3-compatible server. */
public final class S3OriginalStore implements OriginalStore {

  /** Part buffers one streaming upload holds at most: one filling, the others in flight. */
  public static final int BUFFERS_PER_UPLOAD = StreamingUpload.MAX_PARTS_IN_FLIGHT + 1;

  private final Vertx vertx;
  private final S3AsyncClient s3;
  private final String bucket;
  private final int partSize;
  private final PartBuffers buffers;

  public S3OriginalStore(Vertx vertx, S3AsyncClient s3, String bucket, int partSize,
      PartBuffers buffers) {
    this.vertx = vertx;
    this.s3 = s3;
    this.bucket = bucket;
    this.partSize = partSize;
    this.buffers = buffers;
  }

  @Override
  public Future<StoredObject> write(String key, ReadStream<Buffer> body,
      AttributesFromHead attributes, long maxBytes) {
    return new StreamingUpload(vertx.getOrCreateContext(), s3, buffers, bucket, key, attributes,
        maxBytes, partSize).run(body);
  }

  @Override
  public Future<Void> putSmall(String key, byte[] bytes, String contentType) {
    return Future.fromCompletionStage(s3.putObject(b -> b.bucket(bucket).key(key)
                .contentType(contentType).contentLength((long) bytes.length),
            AsyncRequestBody.fromBytes(bytes)), vertx.getOrCreateContext())
        .mapEmpty();
  }

  @Override
  public Future<Optional<byte[]>> getSmall(String key) {
    return Future.fromCompletionStage(s3.getObject(b -> b.bucket(bucket).key(key),
            AsyncResponseTransformer.toBytes()), vertx.getOrCreateContext())
        .map(bytes -> Optional.of(bytes.asByteArray()))
        .recover(failure -> S3Errors.isNotFound(failure)
            ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(failure));
  }

  @Override
  public Future<List<String>> list(String prefix, int max) {
    return Future.fromCompletionStage(s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
            .maxKeys(max)), vertx.getOrCreateContext())
        .map(listing -> listing.contents().stream().map(S3Object::key).toList());
  }

  @Override
  public Future<Boolean> exists(String key) {
    return Future.fromCompletionStage(s3.headObject(b -> b.bucket(bucket).key(key)),
            vertx.getOrCreateContext())
        .map(head -> true)
        .recover(failure -> S3Errors.isNotFound(failure)
            ? Future.succeededFuture(false) : Future.failedFuture(failure));
  }


  @Override
  public Future<Void> delete(String key) {
    return Future.fromCompletionStage(s3.deleteObject(b -> b.bucket(bucket).key(key)),
        vertx.getOrCreateContext()).mapEmpty();
  }
}
