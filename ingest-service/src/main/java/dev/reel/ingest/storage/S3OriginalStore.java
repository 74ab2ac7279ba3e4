package dev.reel.ingest.storage;

import dev.reel.common.s3.S3Errors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** {@link OriginalStore} on any S3-compatible server. */
public final class S3OriginalStore implements OriginalStore {

  private static final int CONDITIONAL_ATTEMPTS = 3;
  private static final long CONFLICT_RETRY_MS = 200;
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
  public Future<Boolean> putSmallIfAbsent(String key, byte[] bytes, String contentType) {
    return putIfAbsent(key, bytes, contentType, CONDITIONAL_ATTEMPTS);
  }

  /**
   * 412: the object exists, written by someone else. 409: AWS S3 saw another conditional write
   * of the key at the same moment and asks to try again; by then one of the two has won.
   */
  private Future<Boolean> putIfAbsent(String key, byte[] bytes, String contentType,
      int attempts) {
    return Future.fromCompletionStage(s3.putObject(b -> b.bucket(bucket).key(key)
                .contentType(contentType).contentLength((long) bytes.length).ifNoneMatch("*"),
            AsyncRequestBody.fromBytes(bytes)), vertx.getOrCreateContext())
        .map(true)
        .recover(failure -> switch (status(failure)) {
          case 412 -> Future.succeededFuture(false);
          case 409 -> attempts > 1
              ? vertx.timer(CONFLICT_RETRY_MS, TimeUnit.MILLISECONDS)
                  .compose(v -> putIfAbsent(key, bytes, contentType, attempts - 1))
              : Future.succeededFuture(false);
          default -> Future.failedFuture(failure);
        });
  }

  private static int status(Throwable failure) {
    return S3Errors.unwrap(failure) instanceof S3Exception s3 ? s3.statusCode() : -1;
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
  public Future<List<String>> keys(String prefix) {
    return keysFrom(prefix, null, new ArrayList<>());
  }

  private Future<List<String>> keysFrom(String prefix, String token, List<String> keys) {
    return Future.fromCompletionStage(s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
            .continuationToken(token)), vertx.getOrCreateContext())
        .compose(page -> {
          page.contents().forEach(object -> keys.add(object.key()));
          return Boolean.TRUE.equals(page.isTruncated())
              ? keysFrom(prefix, page.nextContinuationToken(), keys)
              : Future.succeededFuture(keys);
        });
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
