package dev.reel.ingest.storage;

import dev.reel.ingest.domain.MediaSniffer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams one request body into one S3 object with back-pressure. A body that fits in one part
 * is stored with a single PUT; a larger one goes through S3 multipart, with at most
 * {@link #MAX_PARTS_IN_FLIGHT} parts uploading while the next one fills, and the source paused
 * whenever that limit is reached. Memory use is therefore bounded by about
 * {@code (MAX_PARTS_IN_FLIGHT + 1) * partSize}, whatever the size of the upload. The SHA-256 is
 * computed on the way through. Runs entirely on one Vert.x context: every S3 callback is brought
 * back to it, so the fields need no locking.
 */
final class StreamingUpload {

  private static final Logger LOG = LoggerFactory.getLogger(StreamingUpload.class);
  static final int MAX_PARTS_IN_FLIGHT = 2;

  private final Context context;
  private final S3AsyncClient s3;
  private final String bucket;
  private final String key;
  private final OriginalStore.AttributesFromHead attributesFromHead;
  private ObjectAttributes attributes;
  private final long maxBytes;
  private final int partSize;
  private final MessageDigest sha256 = newDigest();
  private final Promise<StoredObject> result = Promise.promise();
  private final List<CompletedPart> completedParts = new ArrayList<>();

  private ReadStream<Buffer> body;
  private Buffer pending = Buffer.buffer();
  private long size;
  private int nextPartNumber = 1;
  private int partsInFlight;
  private Future<String> uploadId;
  private boolean ended;
  private boolean finishing;
  private boolean failed;
  private boolean aborted;

  StreamingUpload(Context context, S3AsyncClient s3, String bucket, String key,
      OriginalStore.AttributesFromHead attributesFromHead, long maxBytes, int partSize) {
    this.context = context;
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.attributesFromHead = attributesFromHead;
    this.maxBytes = maxBytes;
    this.partSize = partSize;
  }

  Future<StoredObject> run(ReadStream<Buffer> source) {
    this.body = source;
    source.handler(this::onChunk);
    source.exceptionHandler(this::fail);
    source.endHandler(v -> onEnd());
    source.resume();
    return result.future();
  }

  private void onChunk(Buffer chunk) {
    if (failed) {
      return;
    }
    size += chunk.length();
    if (size > maxBytes) {
      fail(new UploadRejected(UploadRejected.Reason.TOO_LARGE,
          "upload exceeds the maximum size of " + maxBytes + " bytes"));
      return;
    }
    sha256.update(chunk.getBytes());
    pending.appendBuffer(chunk);
    if (pending.length() >= partSize) {
      uploadPart();
    }
  }

  private void onEnd() {
    ended = true;
    if (failed) {
      return;
    }
    if (uploadId == null) {
      putWhole();
    } else {
      if (pending.length() > 0) {
        uploadPart();
      }
      completeWhenDrained();
    }
  }

  private void putWhole() {
    if (size == 0) {
      fail(new UploadRejected(UploadRejected.Reason.EMPTY, "request body is empty"));
      return;
    }
    if (!resolveAttributes()) {
      return;
    }
    String digest = hexDigest();
    Map<String, String> metadata = new HashMap<>(attributes.userMetadata());
    metadata.put("sha256", digest);
    byte[] bytes = pending.getBytes();
    pending = Buffer.buffer();
    bridge(s3.putObject(b -> b.bucket(bucket).key(key)
            .contentType(attributes.contentType())
            .contentLength((long) bytes.length)
            .storageClass(attributes.storageClass())
            .metadata(metadata),
        AsyncRequestBody.fromBytesUnsafe(bytes)))
        .onSuccess(put -> result.tryComplete(new StoredObject(key, size, digest, put.eTag(),
            attributes.contentType())))
        .onFailure(this::fail);
  }

  private void uploadPart() {
    if (uploadId == null && !resolveAttributes()) {
      return;
    }
    byte[] bytes = pending.getBytes();
    pending = Buffer.buffer();
    int partNumber = nextPartNumber++;
    partsInFlight++;
    if (partsInFlight >= MAX_PARTS_IN_FLIGHT) {
      body.pause();
    }
    if (uploadId == null) {
      uploadId = bridge(s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
          .contentType(attributes.contentType())
          .storageClass(attributes.storageClass())
          .metadata(attributes.userMetadata())))
          .map(created -> created.uploadId());
    }
    uploadId
        .compose(id -> bridge(s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id)
                .partNumber(partNumber).contentLength((long) bytes.length),
            AsyncRequestBody.fromBytesUnsafe(bytes))))
        .onComplete(part -> {
          partsInFlight--;
          if (part.failed()) {
            fail(part.cause());
          } else {
            completedParts.add(CompletedPart.builder().partNumber(partNumber)
                .eTag(part.result().eTag()).build());
            if (!ended && !failed) {
              body.resume();
            }
            completeWhenDrained();
          }
          abortWhenDrained();
        });
  }

  /** Looks at the first bytes once, before the first S3 call; false if the upload is refused. */
  private boolean resolveAttributes() {
    try {
      attributes = attributesFromHead.resolve(
          pending.getBytes(0, Math.min(pending.length(), MediaSniffer.BYTES_NEEDED)));
      return true;
    } catch (RuntimeException refused) {
      fail(refused);
      return false;
    }
  }

  private void completeWhenDrained() {
    if (!ended || failed || finishing || partsInFlight > 0) {
      return;
    }
    finishing = true;
    completedParts.sort(Comparator.comparingInt(CompletedPart::partNumber));
    String digest = hexDigest();
    uploadId
        .compose(id -> bridge(s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
            .uploadId(id)
            .multipartUpload(m -> m.parts(completedParts)))))
        .onSuccess(done -> result.tryComplete(new StoredObject(key, size, digest, done.eTag(),
            attributes.contentType())))
        .onFailure(this::fail);
  }

  private void fail(Throwable cause) {
    if (failed) {
      return;
    }
    failed = true;
    pending = Buffer.buffer();
    abortWhenDrained();
    result.tryFail(cause);
  }

  /**
   * A part still uploading when the abort is sent may land after it and linger as an orphan
   * (S3 documents this), so the abort waits until no part is in flight.
   */
  private void abortWhenDrained() {
    if (!failed || aborted || uploadId == null || partsInFlight > 0) {
      return;
    }
    aborted = true;
    uploadId.onSuccess(id -> bridge(s3.abortMultipartUpload(b -> b.bucket(bucket).key(key)
            .uploadId(id)))
        .onFailure(e -> LOG.warn("{}: could not abort multipart upload {}: {}", key, id,
            e.toString())));
  }

  private <T> Future<T> bridge(CompletableFuture<T> stage) {
    return Future.fromCompletionStage(stage, context);
  }

  private String hexDigest() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
