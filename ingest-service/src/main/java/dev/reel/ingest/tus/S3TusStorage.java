package dev.reel.ingest.tus;

import dev.reel.common.s3.S3Errors;
import dev.reel.ingest.storage.ObjectAttributes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link TusStorage} on any S3-compatible server. */
public final class S3TusStorage implements TusStorage {

  private final Vertx vertx;
  private final S3AsyncClient s3;
  private final String bucket;

  public S3TusStorage(Vertx vertx, S3AsyncClient s3, String bucket) {
    this.vertx = vertx;
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  public Future<Void> putSmall(String key, byte[] bytes, String contentType) {
    return bridge(s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType)
        .contentLength((long) bytes.length), AsyncRequestBody.fromBytesUnsafe(bytes)))
        .mapEmpty();
  }

  @Override
  public Future<Optional<byte[]>> get(String key) {
    return bridge(s3.getObject(b -> b.bucket(bucket).key(key),
        AsyncResponseTransformer.toBytes()))
        .map(bytes -> Optional.of(bytes.asByteArrayUnsafe()))
        .recover(failure -> S3Errors.isNotFound(failure)
            ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(failure));
  }

  @Override
  public Future<Boolean> exists(String key) {
    return bridge(s3.headObject(b -> b.bucket(bucket).key(key)))
        .map(head -> true)
        .recover(failure -> S3Errors.isNotFound(failure)
            ? Future.succeededFuture(false) : Future.failedFuture(failure));
  }

  @Override
  public Future<Void> delete(String key) {
    return bridge(s3.deleteObject(b -> b.bucket(bucket).key(key))).mapEmpty();
  }

  @Override
  public Future<List<String>> list(String prefix) {
    return listFrom(prefix, null, new ArrayList<>());
  }

  private Future<List<String>> listFrom(String prefix, String token, List<String> keys) {
    return bridge(s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(token)))
        .compose(page -> {
          page.contents().stream().map(S3Object::key).forEach(keys::add);
          return Boolean.TRUE.equals(page.isTruncated())
              ? listFrom(prefix, page.nextContinuationToken(), keys)
              : Future.succeededFuture(keys);
        });
  }

  @Override
  public Future<String> putObject(String key, ByteBuffer bytes, ObjectAttributes attributes) {
    return bridge(s3.putObject(b -> b.bucket(bucket).key(key)
            .contentType(attributes.contentType())
            .contentLength((long) bytes.remaining())
            .storageClass(attributes.storageClass())
            .metadata(attributes.userMetadata()),
        AsyncRequestBody.fromRemainingByteBufferUnsafe(bytes)))
        .map(put -> put.eTag());
  }

  @Override
  public Future<String> createMultipart(String key, ObjectAttributes attributes) {
    return bridge(s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
        .contentType(attributes.contentType())
        .storageClass(attributes.storageClass())
        .metadata(attributes.userMetadata())))
        .map(created -> created.uploadId());
  }

  @Override
  public Future<String> uploadPart(String key, String uploadId, int partNumber,
      ByteBuffer bytes) {
    return bridge(s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
            .partNumber(partNumber).contentLength((long) bytes.remaining()),
        AsyncRequestBody.fromRemainingByteBufferUnsafe(bytes)))
        .map(part -> part.eTag());
  }

  @Override
  public Future<Void> completeMultipart(String key, String uploadId,
      List<TusUpload.Part> parts) {
    List<CompletedPart> completed = parts.stream()
        .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build())
        .toList();
    return bridge(s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
        .multipartUpload(m -> m.parts(completed))))
        .<Void>mapEmpty()
        .recover(failure -> Future.failedFuture(S3Errors.isNotFound(failure)
            ? new MultipartGone("multipart upload " + uploadId + " of " + key + " is gone")
            : failure));
  }

  @Override
  public Future<Void> abortMultipart(String key, String uploadId) {
    return bridge(s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)))
        .<Void>mapEmpty()
        .recover(failure -> S3Errors.isNotFound(failure)
            ? Future.succeededFuture() : Future.failedFuture(failure));
  }

  @Override
  public Future<List<PendingMultipart>> listMultipart(String prefix) {
    return listMultipartFrom(prefix, null, null, new ArrayList<>());
  }

  private Future<List<PendingMultipart>> listMultipartFrom(String prefix, String keyMarker,
      String uploadIdMarker, List<PendingMultipart> uploads) {
    return bridge(s3.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)
        .keyMarker(keyMarker).uploadIdMarker(uploadIdMarker)))
        .compose(page -> {
          page.uploads().forEach(u -> uploads.add(
              new PendingMultipart(u.key(), u.uploadId(), u.initiated())));
          return Boolean.TRUE.equals(page.isTruncated()) && page.nextKeyMarker() != null
              ? listMultipartFrom(prefix, page.nextKeyMarker(), page.nextUploadIdMarker(),
                  uploads)
              : Future.succeededFuture(uploads);
        });
  }

  private <T> Future<T> bridge(CompletableFuture<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }

}
