package dev.reel.delivery.cache;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Where a {@link RangeReader} finds the bytes of one cached object: a buffer in memory, a file on
 * disk, or a fill still under way.
 */
interface BodySource {

  /** What a reader can have at a position right now. */
  sealed interface Slice permits Bytes, InFile, Pending, Failed {
  }

  /** These bytes, at once. */
  record Bytes(Buffer data) implements Slice {
  }

  /** The next {@code length} bytes are in the file: read them with {@link #readBlocking}. */
  record InFile(int length) implements Slice {
  }

  /** Nothing yet: the reader's {@code wake} runs on its context once there is more. */
  record Pending() implements Slice {
  }

  /** The bytes will never come. */
  record Failed(Throwable cause) implements Slice {
  }

  Pending PENDING = new Pending();

  /**
   * What can be read at {@code position} (at most {@code max} bytes); on {@link Pending},
   * {@code wake} is run on {@code context} when that changes.
   */
  Slice slice(long position, long max, Context context, Runnable wake);

  /** Reads bytes that {@link InFile} pointed to; blocks, so only on a worker thread. */
  Buffer readBlocking(long position, int length) throws IOException;

  /** A whole body in memory. */
  static BodySource of(Buffer body) {
    return new BodySource() {
      @Override
      public Slice slice(long position, long max, Context context, Runnable wake) {
        int from = (int) position;
        return new Bytes(body.slice(from, (int) Math.min(body.length(), from + max)));
      }

      @Override
      public Buffer readBlocking(long position, int length) {
        throw new IllegalStateException("a body in memory has no file");
      }
    };
  }

  /** A complete body in an entry file. */
  static BodySource of(FileChannel channel) {
    return new BodySource() {
      @Override
      public Slice slice(long position, long max, Context context, Runnable wake) {
        return new InFile((int) Math.min(max, RangeReader.FILE_CHUNK));
      }

      @Override
      public Buffer readBlocking(long position, int length) throws IOException {
        return read(channel, position, length);
      }
    };
  }

  /** {@code length} bytes of the body at {@code position}, from an entry or part file. */
  static Buffer read(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(length);
    long at = EntryFile.HEADER_BYTES + position;
    while (bytes.hasRemaining()) {
      int read = channel.read(bytes, at + bytes.position());
      if (read < 0) {
        throw new IOException("cache file ends before byte " + (position + bytes.position()));
      }
    }
    return Buffer.buffer(bytes.array());
  }
}
