package dev.reel.ingest.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** The storage operations ingest needs, and nothing more. */
public interface OriginalStore {

  /**
   * Streams {@code body} into the object {@code key}. The object becomes visible only when the
   * whole body arrived and is durable; on any failure nothing is left behind.
   */
  Future<StoredObject> write(String key, ReadStream<Buffer> body, ObjectAttributes attributes,
      long maxBytes);

  /** Writes a small object in one request. */
  Future<Void> putSmall(String key, byte[] bytes, String contentType);

  Future<Void> delete(String key);
}
