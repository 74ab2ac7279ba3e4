package dev.reel.ingest.tus;

import dev.reel.common.Buffers;
import dev.reel.common.StorageLayout;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.domain.MediaSniffer;
import dev.reel.ingest.domain.MediaTypeCheck;
import dev.reel.ingest.storage.ObjectAttributes;
import dev.reel.ingest.storage.PartBuffers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one request body into a tus upload. The upload's tail (the bytes after its last whole
 * part) comes first, then the body; every time a whole part has gathered it goes to S3 as the
 * next part of the multipart upload, at most {@link #MAX_PARTS_IN_FLIGHT} at once, with the
 * request paused meanwhile. A part is gathered in a {@link PartBuffers} buffer, the only copy
 * of its bytes, which goes to S3 as it is; so memory stays under
 * {@code (MAX_PARTS_IN_FLIGHT + 1)} part buffers, reused from request to request.
 *
 * <p>Nothing counts until a new {@link TusUpload} is written: when the body ends, or the
 * connection drops, or another request takes the upload over, the parts that made it and the
 * rest (as the new tail object) are recorded, and that is the new offset. With an
 * {@code Upload-Checksum} nothing is recorded unless the whole body arrived and matched. The
 * first bytes of an upload are sniffed before anything is stored; a body that is not the media
 * it claims fails with 415. When the last byte arrives the rest goes up as the last part (or,
 * for an upload that never filled a part, the whole object in one PUT) and the upload is
 * recorded as fully stored, ready for {@link TusLifecycle#finish}.
 *
 * <p>Runs on one Vert.x context: every callback comes back to it, so fields need no locking.
 */
final class TusPatch {

  private static final Logger LOG = LoggerFactory.getLogger(TusPatch.class);
  static final int MAX_PARTS_IN_FLIGHT = 2;

  private final TusStorage storage;
  private final PartBuffers buffers;
  private final TusStateStore states;
  private final TusUpload start;
  private final Optional<UploadChecksum> checksum;
  private final Instant newExpiry;
  private final String key;
  private final long headNeeded;
  private final boolean equalParts;
  private final ResumableSha256 sha256;
  private final MessageDigest bodyDigest;
  private final List<TusUpload.Part> newParts = new ArrayList<>();
  private final Promise<TusUpload> result = Promise.promise();

  private ReadStream<Buffer> body;
  /**
   * The bytes since the last whole part: the old tail, then the body; null before the first
   * byte and right after a part went out.
   */
  private ByteBuffer filling;
  /** How many bytes the part being gathered in {@link #filling} is to have. */
  private int target;
  /** Bytes of this request's parts handed to S3 so far. */
  private long handedOver;
  /** Where the upload will stand when this body has ended, if its length was announced. */
  private long gatherEnd = -1;
  private long received;
  private int nextPartNumber;
  private Future<String> uploadId;
  private boolean createdMultipart;
  private String contentType;
  private int partsInFlight;
  private boolean ended;
  private boolean cutShort;
  private boolean finishing;
  private boolean recording;
  private boolean failed;
  private boolean reading;
  private long lastProgressNanos;

  TusPatch(TusStorage storage, PartBuffers buffers, TusStateStore states, TusUpload start,
      Optional<UploadChecksum> checksum, Instant newExpiry, boolean equalParts) {
    this.storage = storage;
    this.buffers = buffers;
    this.states = states;
    this.start = start;
    this.checksum = checksum;
    this.newExpiry = newExpiry;
    this.equalParts = equalParts;
    this.key = StorageLayout.originalKey(start.assetId());
    this.headNeeded = Math.min(MediaSniffer.BYTES_NEEDED, start.length());
    this.sha256 = ResumableSha256.fromState(start.sha256State());
    this.bodyDigest = checksum.map(UploadChecksum::newDigest).orElse(null);
    this.contentType = start.contentType();
    this.nextPartNumber = start.parts().size() + 1;
    this.uploadId = start.multipartUploadId() == null
        ? null : Future.succeededFuture(start.multipartUploadId());
  }

  /**
   * Reads {@code source} (paused by the caller) to its end; answers the upload as recorded
   * afterwards, which is {@code start} itself when no byte arrived.
   */
  Future<TusUpload> run(ReadStream<Buffer> source) {
    return run(source, Optional.empty());
  }

  /**
   * The same, for a body whose length the request announced: this request's last part then
   * takes in the bytes that would have stayed behind as a tail (see {@link #partTarget}).
   */
  Future<TusUpload> run(ReadStream<Buffer> source, Optional<Long> bodyLength) {
    this.body = source;
    bodyLength.ifPresent(length -> gatherEnd = Math.min(start.length(),
        start.offset() + length));
    states.readTail(start)
        .onSuccess(tail -> {
          if (ended) {
            finishWhenDrained();
            return;
          }
          // Already in the digests: the tail's bytes were counted when they arrived.
          gather(Buffer.buffer(tail), false);
          if (failed) {
            return;
          }
          source.handler(this::onChunk);
          source.exceptionHandler(this::onCutShort);
          source.endHandler(v -> onEnd());
          reading = true;
          lastProgressNanos = System.nanoTime();
          source.resume();
        })
        .onFailure(this::fail);
    return result.future();
  }

  /** Stops reading as if the connection had dropped, and records what arrived. */
  void interrupt() {
    onCutShort(null);
  }

  /** Whether the body is done: ended, cut short or failed. */
  boolean done() {
    return ended || failed;
  }

  /**
   * Whether the client has sent nothing for {@code millis} while the body was being read and
   * not held back by part uploads: a connection that stalled, not one whose bytes are still
   * being taken in.
   */
  boolean idleFor(long millis) {
    return reading && !done() && partsInFlight < MAX_PARTS_IN_FLIGHT
        && System.nanoTime() - lastProgressNanos > millis * 1_000_000;
  }

  private void onChunk(Buffer chunk) {
    if (ended || failed) {
      return;
    }
    received += chunk.length();
    lastProgressNanos = System.nanoTime();
    if (start.offset() + received > start.length()) {
      fail(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the body goes past Upload-Length "
          + start.length()));
      return;
    }
    gather(chunk, true);
  }

  /**
   * Copies {@code bytes} into the part being gathered, feeding the digests if they are
   * {@code fresh}; sniffs the upload's first bytes once enough are here, and sends each part
   * that fills up once the type is known (which is always before the first part is full).
   */
  private void gather(Buffer bytes, boolean fresh) {
    int copied = 0;
    while (copied < bytes.length() && !failed) {
      if (filling == null && !takeBuffer()) {
        return;
      }
      int from = filling.position();
      copied += Buffers.copy(bytes, copied, filling);
      if (fresh) {
        digest(from);
      }
      if (contentType == null && filling.position() >= headNeeded && !sniff()) {
        return;
      }
      if (contentType != null && !filling.hasRemaining()) {
        uploadPart(handOver());
      }
    }
  }

  private boolean takeBuffer() {
    target = partTarget();
    try {
      // Two sizes of buffer, so that both come back from the pool the next time.
      filling = buffers.take(target <= start.partSize() ? start.partSize()
          : start.partSize() + (int) PartSizing.MIN_PART_SIZE);
      filling.limit(target);
      return true;
    } catch (PartBuffers.Exhausted e) {
      fail(e);
      return false;
    }
  }

  /**
   * The size of the next part: the upload's part size, unless the body's announced end is less
   * than a part size plus S3's 5 MiB minimum away. Then the part runs to the end of the body
   * (longer than the part size, or shorter but at least 5 MiB), so the request leaves no tail
   * for the next one to read back. A shorter part is only cut where the rest of the upload
   * still fits in S3's 10,000 parts; with {@code REEL_TUS_EQUAL_PARTS} parts are all the same.
   */
  private int partTarget() {
    int partSize = start.partSize();
    if (equalParts || gatherEnd < 0) {
      return partSize;
    }
    long partStart = start.partBytes() + handedOver;
    long rest = gatherEnd - partStart;
    if (rest < PartSizing.MIN_PART_SIZE || rest >= partSize + PartSizing.MIN_PART_SIZE
        || gatherEnd == start.length()) {
      return partSize;
    }
    return rest >= partSize || mayCutShortPart(gatherEnd) ? (int) rest : partSize;
  }

  /**
   * Whether a part may end at {@code end} though shorter than the part size: the parts so far,
   * this one and the rest of the upload in whole part sizes stay within S3's 10,000.
   */
  private boolean mayCutShortPart(long end) {
    long after = PartSizing.partCount(start.length() - end, start.partSize());
    return (nextPartNumber - 1) + 1 + after <= PartSizing.MAX_PARTS;
  }

  /** Feeds the digests the bytes just copied, from {@code from} to the buffer's position. */
  private void digest(int from) {
    int end = filling.position();
    filling.limit(end).position(from);
    sha256.update(filling);
    if (bodyDigest != null) {
      filling.position(from);
      bodyDigest.update(filling);
    }
    filling.limit(target);
  }

  /** The gathered bytes, readable from 0 to their end, now an S3 request's to read. */
  private ByteBuffer handOver() {
    ByteBuffer bytes = filling.flip();
    handedOver += bytes.remaining();
    filling = null;
    return bytes;
  }

  /** The gathered bytes as an array, for the tail object; the buffer goes back to the pool. */
  private byte[] takeGathered() {
    byte[] bytes = new byte[filling == null ? 0 : filling.position()];
    if (filling != null) {
      filling.get(0, bytes);
      buffers.give(filling);
      filling = null;
    }
    return bytes;
  }

  private void onEnd() {
    if (ended || failed) {
      return;
    }
    ended = true;
    finishWhenDrained();
  }

  private void onCutShort(Throwable cause) {
    if (ended || failed) {
      return;
    }
    ended = true;
    cutShort = true;
    if (body != null) {
      body.pause();
    }
    LOG.info("asset {}: PATCH at offset {} cut short after {} bytes ({})", start.assetId(),
        start.offset(), received, cause == null ? "another request took the upload over"
            : cause.toString());
    finishWhenDrained();
  }

  /**
   * The first bytes decide the stored type; false (and failed) if they are refused. No part has
   * gone out before, so the buffer starts with the upload's first byte.
   */
  private boolean sniff() {
    try {
      byte[] head = new byte[Math.min(filling.position(), MediaSniffer.BYTES_NEEDED)];
      filling.get(0, head);
      contentType = MediaTypeCheck.storedContentType(start.declaredType(), head);
      return true;
    } catch (ApiException refused) {
      fail(refused);
      return false;
    }
  }

  private void uploadPart(ByteBuffer bytes) {
    int partNumber = nextPartNumber++;
    partsInFlight++;
    if (partsInFlight >= MAX_PARTS_IN_FLIGHT) {
      body.pause();
    }
    sendPart(partNumber, bytes)
        .onSuccess(v -> {
          partsInFlight--;
          lastProgressNanos = System.nanoTime();
          if (!ended && !failed) {
            body.resume();
          }
          finishWhenDrained();
        })
        .onFailure(this::fail);
  }

  /**
   * Sends one part. Its buffer goes back to the pool once S3 took it; not after a failure, when
   * a write of it may still be pending on the failed connection.
   */
  private Future<Void> sendPart(int partNumber, ByteBuffer bytes) {
    if (uploadId == null) {
      createdMultipart = true;
      uploadId = storage.createMultipart(key, attributes(Map.of()));
    }
    int size = bytes.remaining();
    return uploadId
        .compose(id -> storage.uploadPart(key, id, partNumber, bytes))
        .map(etag -> {
          buffers.give(bytes);
          newParts.add(new TusUpload.Part(partNumber, etag, size));
          return null;
        });
  }

  private void finishWhenDrained() {
    if (!ended || failed || finishing || partsInFlight > 0) {
      return;
    }
    finishing = true;
    if (bodyDigest != null && cutShort) {
      fail(new ApiException(ErrorCode.BAD_REQUEST, "the body was cut short; a body with "
          + UploadChecksum.HEADER + " is kept whole or not at all"));
      return;
    }
    if (bodyDigest != null && !checksum.orElseThrow().matches(bodyDigest.digest())) {
      fail(new ApiException(ErrorCode.CHECKSUM_MISMATCH, "the body does not match its "
          + UploadChecksum.HEADER + " (" + checksum.orElseThrow().algorithm()
          + "); it was not kept"));
      return;
    }
    if (received == 0) {
      buffers.give(filling);
      filling = null;
      result.tryComplete(start);
      return;
    }
    recording = true;
    long newOffset = start.offset() + received;
    (newOffset == start.length() ? recordLast() : recordTail(newOffset))
        .onSuccess(result::tryComplete)
        .onFailure(this::fail);
  }

  /**
   * Keeps the bytes after the last whole part as the new tail, then records the upload. Unless
   * parts may differ in size: then 5 MiB or more (of a body cut short, or of unannounced
   * length) go up as a part of their own first.
   */
  private Future<TusUpload> recordTail(long newOffset) {
    if (!equalParts && filling != null && filling.position() >= PartSizing.MIN_PART_SIZE
        && contentType != null && mayCutShortPart(newOffset)) {
      return sendPart(nextPartNumber++, handOver()).compose(v -> recordTail(newOffset));
    }
    byte[] tail = takeGathered();
    String tailKey = tail.length == 0
        ? null : TusStateStore.tailKey(start.assetId(), start.revision() + 1);
    Future<Void> tailStored = tailKey == null
        ? Future.succeededFuture() : states.putTail(tailKey, tail);
    return tailStored
        .compose(v -> uploadId == null ? Future.succeededFuture(null) : uploadId)
        .map(id -> start.advanced(newOffset, id, allParts(), tailKey, tail.length,
            sha256.state(), contentType, newExpiry))
        .compose(next -> states.save(next).map(next))
        .andThen(saved -> {
          if (saved.succeeded() && start.tailKey() != null) {
            states.removeOldTails(saved.result()).onFailure(e -> LOG.warn(
                "asset {}: old tail not removed ({}); termination or completion will",
                start.assetId(), e.toString()));
          }
        });
  }

  /** The last byte is here: store the rest as the last part (or the whole object). */
  private Future<TusUpload> recordLast() {
    if (uploadId == null) {
      // All bytes are in the one buffer: no part filled up.
      ByteBuffer whole = handOver();
      return storage.putObject(key, whole, attributes(Map.of("sha256", sha256.hexDigest())))
          .map(etag -> {
            buffers.give(whole);
            return start.advanced(start.length(), null, List.of(), null, 0, sha256.state(),
                contentType, newExpiry);
          })
          .compose(next -> states.save(next).map(next));
    }
    Future<Void> lastPart = filling == null || filling.position() == 0
        ? Future.succeededFuture() : sendPart(nextPartNumber++, handOver());
    return lastPart
        .compose(v -> uploadId)
        .map(id -> start.advanced(start.length(), id, allParts(), null, 0, sha256.state(),
            contentType, newExpiry))
        .compose(next -> states.save(next).map(next));
  }

  private List<TusUpload.Part> allParts() {
    List<TusUpload.Part> parts = new ArrayList<>(start.parts());
    parts.addAll(newParts);
    parts.sort(Comparator.comparingInt(TusUpload.Part::number));
    return parts;
  }

  private ObjectAttributes attributes(Map<String, String> extra) {
    Map<String, String> metadata = new HashMap<>(extra);
    metadata.put("asset-id", start.assetId());
    if (start.filename() != null) {
      metadata.put("filename", start.filename());
    }
    return new ObjectAttributes(contentType, metadata, start.storageClass());
  }

  /**
   * Nothing new is recorded. A multipart upload begun by this request and not recorded yet is
   * aborted; once the record is being written it might have landed, so it is left for the
   * sweeper, which aborts only multipart uploads that no state names.
   */
  private void fail(Throwable cause) {
    if (failed) {
      return;
    }
    failed = true;
    if (body != null && !ended) {
      body.pause();
    }
    buffers.give(filling);
    filling = null;
    if (createdMultipart && !recording && uploadId != null) {
      uploadId.onSuccess(id -> storage.abortMultipart(key, id).onFailure(e -> LOG.warn(
          "asset {}: multipart upload {} not aborted ({}); the sweeper will", start.assetId(),
          id, e.toString())));
    }
    result.tryFail(cause);
  }
}
