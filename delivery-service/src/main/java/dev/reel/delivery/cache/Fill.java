package dev.reel.delivery.cache;

import dev.reel.common.Buffers;
import dev.reel.delivery.storage.ObjectInfo;
import dev.reel.delivery.storage.OriginBody;
import dev.reel.delivery.storage.S3MediaStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One origin fetch filling the cache, and the source every viewer of that object reads while it
 * runs: viewers follow the fill as its bytes arrive, however many there are and wherever their
 * ranges start.
 *
 * <p>The bytes go to a part file (for the disk level) and stay in memory for as long as a viewer
 * near the front may want them: all of them when the object is headed for the memory level,
 * otherwise a window of the latest {@value #WINDOW_BYTES} bytes, so that a viewer that falls
 * behind reads from the file instead. The origin is paused while the file lags more than
 * {@value #PAUSE_ABOVE} bytes behind it. So a disk fill holds at most a few MiB of heap whatever
 * the object's size. The fill lives on the context that started it; viewers are woken on their
 * own.
 */
final class Fill implements BodySource {

  static final long WINDOW_BYTES = 1L << 20;
  static final long PAUSE_ABOVE = 4L << 20;
  private static final long RESUME_BELOW = 1L << 20;
  private static final long WRITE_BATCH = 1L << 20;
  private static final int COMPACT_AFTER = 256;
  /**
   * A direct buffer per worker thread that writes fills, {@value #STAGING_BYTES} bytes each: at
   * most a few MiB for Vert.x's pool of 20, held as long as the thread.
   */
  private static final int STAGING_BYTES = 256 * 1024;
  private static final ThreadLocal<ByteBuffer> STAGING =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(STAGING_BYTES));

  private record Chunk(long offset, Buffer data) {
    long end() {
      return offset + data.length();
    }
  }

  private record Waiter(Context context, Runnable wake) {
  }

  private final Context context;
  private final ObjectInfo info;
  private final OriginBody origin;
  private final boolean keepAll;
  private final Future<SharedFile> fileReady;
  private final CacheMetrics metrics;
  private final Promise<Void> filled = Promise.promise();

  // Everything below is guarded by this.
  /** The window: chunks from {@link #head} on; earlier slots are emptied as it slides. */
  private final ArrayList<Chunk> chunks = new ArrayList<>();
  private int head;
  private long windowBytes;
  private final ArrayDeque<Chunk> unwritten = new ArrayDeque<>();
  private long unwrittenBytes;
  private long received;
  private long written;
  private SharedFile file;
  private boolean writing;
  private boolean originPaused;
  private boolean ended;
  private boolean complete;
  private Throwable failure;
  private List<Waiter> waiters = new ArrayList<>();
  private int readers;
  private boolean settled;
  private boolean fileReleased;

  /**
   * @param keepAll keep every byte in memory (the object goes to the memory level)
   * @param fileReady the part file to write, held for this fill; null to write none
   */
  Fill(Context context, ObjectInfo info, OriginBody origin, boolean keepAll,
      Future<SharedFile> fileReady, CacheMetrics metrics) {
    this.context = context;
    this.info = info;
    this.origin = origin;
    this.keepAll = keepAll;
    this.fileReady = fileReady;
    this.metrics = metrics;
  }

  ObjectInfo info() {
    return info;
  }

  /** How many bytes have arrived from the origin so far. */
  synchronized long received() {
    return received;
  }

  /**
   * Completes once every byte arrived (and, for a disk fill, is in the file); fails if the
   * origin failed, sent the wrong number of bytes, or the file could not be written.
   */
  Future<Void> filled() {
    return filled.future();
  }

  /** Starts reading the origin. */
  void start() {
    if (fileReady != null) {
      fileReady.onComplete(ready -> {
        if (ready.failed()) {
          fail(new DiskFailure(ready.cause()));
          return;
        }
        synchronized (this) {
          file = ready.result();
        }
        writeSome();
        releaseFileIfUnused();
      });
    }
    ReadStream<Buffer> stream = origin.stream();
    stream.exceptionHandler(this::fail);
    stream.endHandler(v -> ended());
    stream.handler(this::received);
    stream.resume();
  }

  /**
   * Stops the fill if bytes are still to come from the origin (the cache is closing); one that
   * has them all is left to finish writing them.
   */
  void cancelIfReceiving(Throwable why) {
    synchronized (this) {
      if (ended) {
        return;
      }
    }
    fail(why);
  }

  /**
   * A viewer starts reading; false if it comes too late (the fill is over and let go of its
   * file), and should look in the cache's levels instead.
   */
  synchronized boolean attach() {
    if (fileReleased) {
      return false;
    }
    readers++;
    return true;
  }

  /** A viewer stopped reading. */
  void detach() {
    synchronized (this) {
      readers--;
    }
    releaseFileIfUnused();
  }

  /**
   * The cache is done with this fill (its file committed or abandoned): the fill lets go of the
   * file once its last viewer has.
   */
  void settle() {
    synchronized (this) {
      settled = true;
    }
    releaseFileIfUnused();
  }

  private void releaseFileIfUnused() {
    SharedFile toRelease;
    synchronized (this) {
      if (!settled || readers > 0 || fileReleased
          || (fileReady != null && !fileReady.isComplete())) {
        return;
      }
      fileReleased = true;
      // The part file may be ready before this fill's own callback on it has run.
      toRelease = file != null ? file
          : fileReady != null && fileReady.succeeded() ? fileReady.result() : null;
    }
    if (toRelease != null) {
      toRelease.release();
    }
  }

  /** Every byte, once {@link #filled} (only for a fill that keeps all). */
  synchronized Buffer body() {
    Buffer body = Buffer.buffer((int) info.length());
    for (int i = head; i < chunks.size(); i++) {
      body.appendBuffer(chunks.get(i).data());
    }
    return body;
  }

  private void received(Buffer data) {
    List<Waiter> toWake;
    boolean pause = false;
    boolean tooMuch;
    synchronized (this) {
      if (failure != null || complete) {
        return;
      }
      tooMuch = received + data.length() > info.length();
      if (!tooMuch) {
        Chunk chunk = new Chunk(received, data);
        chunks.add(chunk);
        windowBytes += data.length();
        received += data.length();
        if (fileReady == null) {
          written = received;
        } else {
          unwritten.add(chunk);
          unwrittenBytes += data.length();
          if (unwrittenBytes > PAUSE_ABOVE && !originPaused) {
            originPaused = true;
            pause = true;
          }
        }
        slideWindow();
      }
      toWake = takeWaiters();
    }
    if (tooMuch) {
      fail(new S3MediaStore.OriginException("origin sent more than the " + info.length()
          + " bytes it announced"));
      return;
    }
    metrics.originBytes(data.length());
    if (pause) {
      origin.stream().pause();
    }
    wake(toWake);
    writeSome();
    completeIfDone();
  }

  private void ended() {
    boolean shortBody;
    synchronized (this) {
      ended = true;
      shortBody = received != info.length();
    }
    if (shortBody) {
      fail(new S3MediaStore.OriginException("origin ended after " + received + " of "
          + info.length() + " bytes"));
    } else {
      completeIfDone();
    }
  }

  /**
   * Writes the next batch of unwritten chunks on a worker thread, unless one is under way or
   * fewer bytes than fill the staging buffer wait (and more are to come): each batch costs the
   * event loop a task handed to a worker and one handed back. Until written, the bytes stay in
   * the window, where viewers read them.
   */
  private void writeSome() {
    List<Chunk> batch = new ArrayList<>();
    SharedFile target;
    synchronized (this) {
      if (writing || file == null || unwritten.isEmpty() || failure != null
          || (unwrittenBytes < STAGING_BYTES && received < info.length())) {
        return;
      }
      writing = true;
      target = file;
      long bytes = 0;
      while (!unwritten.isEmpty() && bytes < WRITE_BATCH) {
        Chunk chunk = unwritten.poll();
        batch.add(chunk);
        bytes += chunk.data().length();
      }
    }
    context.executeBlocking(() -> write(target, batch), false).onComplete(done -> {
      if (done.failed()) {
        fail(new DiskFailure(done.cause()));
        return;
      }
      boolean resume;
      synchronized (this) {
        writing = false;
        written += done.result();
        unwrittenBytes -= done.result();
        slideWindow();
        resume = originPaused && unwrittenBytes < RESUME_BELOW;
        if (resume) {
          originPaused = false;
        }
      }
      if (resume) {
        origin.stream().resume();
      }
      writeSome();
      completeIfDone();
    });
  }

  /**
   * Writes a batch of chunks, which follow one another in the object, through this thread's
   * staging buffer: a few large writes instead of one per chunk (the origin's chunks are 8 KiB
   * each, 512 system calls for a 4 MiB segment), and one copy of each byte instead of two (a
   * heap array, then the JDK's own direct buffer).
   */
  private static long write(SharedFile target, List<Chunk> batch) throws IOException {
    FileChannel channel = target.openChannel();
    if (channel == null) {
      throw new IOException("the part file is closed");
    }
    ByteBuffer staging = STAGING.get();
    staging.clear();
    long at = EntryFile.HEADER_BYTES + batch.get(0).offset();
    long bytes = 0;
    for (Chunk chunk : batch) {
      int copied = 0;
      while (copied < chunk.data().length()) {
        copied += Buffers.copy(chunk.data(), copied, staging);
        if (!staging.hasRemaining()) {
          at += drain(channel, staging, at);
        }
      }
      bytes += copied;
    }
    drain(channel, staging, at);
    return bytes;
  }

  /** Writes what the staging buffer holds at {@code at}, and empties it; answers how much. */
  private static long drain(FileChannel channel, ByteBuffer staging, long at) throws IOException {
    staging.flip();
    long bytes = 0;
    while (staging.hasRemaining()) {
      bytes += channel.write(staging, at + bytes);
    }
    staging.clear();
    return bytes;
  }

  private void completeIfDone() {
    synchronized (this) {
      if (complete || failure != null || !ended || written < received) {
        return;
      }
      complete = true;
    }
    filled.tryComplete();
  }

  private void fail(Throwable cause) {
    List<Waiter> toWake;
    synchronized (this) {
      if (complete || failure != null) {
        return;
      }
      failure = cause;
      toWake = takeWaiters();
    }
    origin.cancel().run();
    filled.tryFail(cause);
    wake(toWake);
  }

  /** Drops written chunks off the front of the window while it is larger than its size. */
  private void slideWindow() {
    if (keepAll) {
      return;
    }
    while (head < chunks.size() && windowBytes > WINDOW_BYTES
        && chunks.get(head).end() <= written) {
      windowBytes -= chunks.get(head).data().length();
      chunks.set(head, null);
      head++;
    }
    if (head > COMPACT_AFTER && head * 2 > chunks.size()) {
      chunks.subList(0, head).clear();
      head = 0;
    }
  }

  private long windowStart() {
    return head < chunks.size() ? chunks.get(head).offset() : received;
  }

  @Override
  public synchronized Slice slice(long position, long max, Context readerContext,
      Runnable wake) {
    if (position < windowStart()) {
      // Slid out of the window, so it is in the file.
      return new InFile((int) Math.min(Math.min(max, RangeReader.FILE_CHUNK),
          windowStart() - position));
    }
    if (position < received) {
      Chunk chunk = chunks.get(chunkAt(position));
      int from = (int) (position - chunk.offset());
      int to = (int) Math.min(chunk.data().length(), from + max);
      return new Bytes(chunk.data().slice(from, to));
    }
    if (failure != null) {
      return new Failed(failure);
    }
    waiters.add(new Waiter(readerContext, wake));
    return PENDING;
  }

  /** The index of the window chunk that holds {@code position}. */
  private int chunkAt(long position) {
    int low = head;
    int high = chunks.size() - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (chunks.get(middle).offset() <= position) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  @Override
  public Buffer readBlocking(long position, int length) throws IOException {
    SharedFile source;
    synchronized (this) {
      source = file;
    }
    FileChannel channel = source == null ? null : source.openChannel();
    if (channel == null) {
      throw new IOException("the fill's file is not open");
    }
    return BodySource.read(channel, position, length);
  }

  private List<Waiter> takeWaiters() {
    if (waiters.isEmpty()) {
      return List.of();
    }
    List<Waiter> taken = waiters;
    waiters = new ArrayList<>();
    return taken;
  }

  private static void wake(List<Waiter> toWake) {
    toWake.forEach(waiter -> waiter.context().runOnContext(v -> waiter.wake().run()));
  }

  /**
   * The fill's file could not be made or written: the disk's failure, not the origin's (whose
   * connection can fail with an {@link IOException} too, a reset, without the disk being at
   * fault).
   */
  static final class DiskFailure extends IOException {
    DiskFailure(Throwable cause) {
      super(cause.toString(), cause);
    }
  }
}
