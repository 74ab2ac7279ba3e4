package dev.reel.ingest.storage;

import dev.reel.common.Buffers;
import dev.reel.ingest.domain.MediaSniffer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.ByteBuffer;
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
 * whenever that limit is reached. Each part is gathered in a {@link PartBuffers} buffer, the
 * only copy of its bytes, which goes to S3 as it is and back to the pool once S3 has answered.
 * Memory use is therefore bounded by {@code (MAX_PARTS_IN_FLIGHT + 1) * partSize} of direct
 * buffers, whatever the size of the upload. The SHA-256 is computed on the way through, from
 * the part buffers. Runs entirely on one Vert.x context: every S3 callback is brought back to
 * it, so the fields need no locking.
 */
final class StreamingUpload {

  private static final Logger LOG = LoggerFactory.getLogger(StreamingUpload.class);
  static final int MAX_PARTS_IN_FLIGHT = 2;

  private final Context context;
  private final S3AsyncClient s3;
  private final PartBuffers buffers;
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
  /** The part being gathered; null until the first byte and right after a part went out. */
  private ByteBuffer filling;
  private long size;
  private int nextPartNumber = 1;
  private int partsInFlight;
  private Future<String> uploadId;
  private boolean ended;
  private boolean finishing;
  private boolean failed;
  private boolean aborted;

  StreamingUpload(Context context, S3AsyncClient s3, PartBuffers buffers, String bucket,
      String key, OriginalStore.AttributesFromHead attributesFromHead, long maxBytes,
      int partSize) {
    this.context = context;
    this.s3 = s3;
    this.buffers = buffers;
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
    int copied = 0;
    while (copied < chunk.length() && !failed) {
      if (filling == null && !takeBuffer()) {
        return;
      }
      int start = filling.position();
      copied += Buffers.copy(chunk, copied, filling);
      digest(start);
      if (!filling.hasRemaining()) {
        uploadPart();
      }
    }
  }

  private boolean takeBuffer() {
    try {
      filling = buffers.take(partSize);
      return true;
    } catch (PartBuffers.Exhausted e) {
      fail(e);
      return false;
    }
  }

  /** Feeds the digest the bytes just copied, from {@code start} to the buffer's position. */
  private void digest(int start) {
    int end = filling.position();
    filling.limit(end).position(start);
    sha256.update(filling);
    filling.limit(filling.capacity());
  }

  private void onEnd() {
    ended = true;
    if (failed) {
      return;
    }
    if (uploadId == null) {
      putWhole();
    } else {
      if (filling != null && filling.position() > 0) {
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
    ByteBuffer bytes = handOver();
    bridge(s3.putObject(b -> b.bucket(bucket).key(key)
            .contentType(attributes.contentType())
            .contentLength((long) bytes.limit())
            .storageClass(attributes.storageClass())
            .metadata(metadata),
        AsyncRequestBody.fromByteBufferUnsafe(bytes)))
        .onSuccess(put -> {
          buffers.give(bytes);
          result.tryComplete(new StoredObject(key, size, digest, put.eTag(),
              attributes.contentType()));
        })
        .onFailure(this::fail);
  }

  private void uploadPart() {
    if (uploadId == null && !resolveAttributes()) {
      return;
    }
    ByteBuffer bytes = handOver();
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
                .partNumber(partNumber).contentLength((long) bytes.limit()),
            AsyncRequestBody.fromByteBufferUnsafe(bytes))))
        .onComplete(part -> {
          partsInFlight--;
          if (part.failed()) {
            // Not given back: a write of it may still be pending on the failed connection.
            fail(part.cause());
          } else {
            buffers.give(bytes);
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

  /** The gathered part, readable from 0 to its end, now the S3 request's to read. */
  private ByteBuffer handOver() {
    ByteBuffer bytes = filling.flip();
    filling = null;
    return bytes;
  }

  /**
   * Looks at the first bytes once, before the first S3 call (so they are still at the start of
   * the first buffer); false if the upload is refused.
   */
  private boolean resolveAttributes() {
    try {
      byte[] head = new byte[Math.min(filling.position(), MediaSniffer.BYTES_NEEDED)];
      filling.get(0, head);
      attributes = attributesFromHead.resolve(head);
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
    buffers.give(filling);
    filling = null;
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
