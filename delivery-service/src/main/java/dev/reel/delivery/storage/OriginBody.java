package dev.reel.delivery.storage;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * Bytes on their way to the viewer, paused until piped. {@code cancel} says the body is no longer
 * wanted: the viewer went away (it stops the origin fetch), or the file was sent.
 *
 * @param file where the same bytes sit in a local file, when they do: a server may send them from
 *     there (sendfile) instead of reading {@code stream}, and then runs {@code cancel} once sent
 * @param arriving whether the bytes are still on their way from the origin (its answer's head is
 *     in, its body may not be), rather than at hand in memory or on disk
 * @param cacheHit whether an edge cache had the bytes (or was already fetching them for another
 *     viewer), so that serving them asked nothing of the origin
 */
public record OriginBody(ReadStream<Buffer> stream, Runnable cancel, Optional<FileRegion> file,
    boolean arriving, boolean cacheHit) {

  /** Bytes at hand, in memory or in a file. */
  public OriginBody(ReadStream<Buffer> stream, Runnable cancel) {
    this(stream, cancel, Optional.empty(), false, false);
  }

  /** Bytes at hand that also sit in a file. */
  public OriginBody(ReadStream<Buffer> stream, Runnable cancel, Optional<FileRegion> file) {
    this(stream, cancel, file, false, false);
  }

  /** Bytes that the origin is still sending. */
  public static OriginBody arriving(ReadStream<Buffer> stream, Runnable cancel) {
    return new OriginBody(stream, cancel, Optional.empty(), true, false);
  }

  /** The same body, served by a cache. */
  public OriginBody fromCache() {
    return new OriginBody(stream, cancel, file, arriving, true);
  }

  /**
   * {@code length} bytes at {@code position} of an open file. The channel belongs to whoever
   * made the body: a receiver must not close it.
   */
  public record FileRegion(FileChannel channel, long position, long length) {
  }
}
