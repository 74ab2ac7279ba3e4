package dev.reel.ingest.tus;

import dev.reel.common.event.Nullable;
import dev.reel.ingest.storage.ObjectAttributes;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The S3 calls tus uploads need, and nothing more, so the protocol logic can be tested without
 * S3. Every future completes on the caller's Vert.x context.
 */
public interface TusStorage {

  /** A multipart upload that was begun and neither completed nor aborted. */
  record PendingMultipart(String key, String uploadId, @Nullable Instant initiated) {
  }

  /** The multipart upload is no longer there: completed, or aborted. */
  final class MultipartGone extends RuntimeException {
    public MultipartGone(String message) {
      super(message, null, false, false);
    }
  }

  Future<Void> putSmall(String key, byte[] bytes, String contentType);

  Future<Optional<byte[]>> get(String key);

  Future<Boolean> exists(String key);

  /** Deleting what is not there succeeds. */
  Future<Void> delete(String key);

  /** Every key under {@code prefix}, in key order, across as many listing pages as it takes. */
  Future<List<String>> list(String prefix);

  /**
   * Stores a whole object in one PUT; answers its ETag. The object is {@code bytes} from its
   * position to its limit, read in place: the caller leaves the buffer alone until the future
   * completes.
   */
  Future<String> putObject(String key, ByteBuffer bytes, ObjectAttributes attributes);

  /** Begins a multipart upload; answers its upload id. */
  Future<String> createMultipart(String key, ObjectAttributes attributes);

  /**
   * Answers the part's ETag; uploading the same part number again replaces the part. The part
   * is {@code bytes} from its position to its limit, read in place as for {@link #putObject}.
   */
  Future<String> uploadPart(String key, String uploadId, int partNumber, ByteBuffer bytes);

  /** Fails with {@link MultipartGone} when there is no such multipart upload (any more). */
  Future<Void> completeMultipart(String key, String uploadId, List<TusUpload.Part> parts);

  /** Aborting what is not there succeeds. */
  Future<Void> abortMultipart(String key, String uploadId);

  /** Every pending multipart upload of a key under {@code prefix}. */
  Future<List<PendingMultipart>> listMultipart(String prefix);
}
