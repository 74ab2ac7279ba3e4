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
  Future<StoredObject> write(String key, ReadStream<Buffer> body, AttributesFromHead attributes,
      long maxBytes);

  /**
   * Decides what an object is stored with from its first bytes (at most
   * {@link dev.reel.ingest.domain.MediaSniffer#BYTES_NEEDED}), before anything is written; it may
   * throw to refuse the upload.
   */
  @FunctionalInterface
  interface AttributesFromHead {
    ObjectAttributes resolve(byte[] head);
  }

  /** Writes a small object in one request. */
  Future<Void> putSmall(String key, byte[] bytes, String contentType);

  /**
   * Writes a small object only if there is none at {@code key} ({@code If-None-Match: *}):
   * answers false when another writer got there first. Stores that ignore the condition (the
   * embedded S3Proxy) overwrite and answer true, so callers must stay correct without it.
   */
  Future<Boolean> putSmallIfAbsent(String key, byte[] bytes, String contentType);

  /** Reads a small object whole; empty if there is none. */
  Future<java.util.Optional<byte[]>> getSmall(String key);

  /** Keys under {@code prefix}, at most {@code max} of them, in key order. */
  Future<java.util.List<String>> list(String prefix, int max);

  /** Every key under {@code prefix}, in key order, across as many listing pages as it takes. */
  Future<java.util.List<String>> keys(String prefix);

  /** Whether the object exists. */
  Future<Boolean> exists(String key);

  Future<Void> delete(String key);
}
