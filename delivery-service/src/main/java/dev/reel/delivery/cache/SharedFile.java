package dev.reel.delivery.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file of the disk level and the channel it is read through, shared by the level's index,
 * the fill writing it and every viewer reading it. Each of them holds it; the last to let go
 * closes the channel, and deletes the file if it was dropped from the cache meanwhile, so that a
 * file is never pulled from under a reader. All file work runs on worker threads.
 */
final class SharedFile {

  private static final Logger LOG = LoggerFactory.getLogger(SharedFile.class);

  private final Vertx vertx;
  private final long bytes;
  private final AtomicInteger openChannels;
  private Path path;
  private FileChannel channel;
  private Future<FileChannel> opening;
  private int holders = 1;
  private boolean dropped;
  private Runnable onDeleted = () -> {
  };

  /**
   * @param channel the open channel, or null to open it when first read
   * @param bytes what the file takes on disk, header included
   * @param openChannels the level's count of open channels, this one's included
   */
  SharedFile(Vertx vertx, Path path, FileChannel channel, long bytes,
      AtomicInteger openChannels) {
    this.vertx = vertx;
    this.path = path;
    this.channel = channel;
    this.bytes = bytes;
    this.openChannels = openChannels;
  }

  long bytes() {
    return bytes;
  }

  synchronized Path path() {
    return path;
  }

  /** The file was renamed (from its part name to its final one); the channel stays valid. */
  synchronized void movedTo(Path moved) {
    path = moved;
  }

  /** Takes one more hold; false once the file is gone. */
  synchronized boolean hold() {
    if (holders == 0) {
      return false;
    }
    holders++;
    return true;
  }

  /** Gives a hold back; the last one closes the channel and deletes a dropped file. */
  void release() {
    releaseAll(vertx, List.of(this));
  }

  /**
   * Gives back one hold of each file. Those whose last hold it was are closed (and deleted, if
   * dropped) by one task on a worker thread for all of them: a 4 MiB fill that makes room by
   * evicting sixty-four 64 KiB entries, on the way to its viewer's first byte, hands the worker
   * pool one task, not sixty-four.
   */
  static void releaseAll(Vertx vertx, List<SharedFile> files) {
    List<SharedFile> last = new ArrayList<>(files.size());
    for (SharedFile file : files) {
      if (file.letGo()) {
        last.add(file);
      }
    }
    if (last.isEmpty()) {
      return;
    }
    Future<Object> closed;
    try {
      closed = vertx.executeBlocking(() -> {
        for (SharedFile file : last) {
          file.closeQuietly();
          if (file.isDropped()) {
            try {
              Files.deleteIfExists(file.path());
            } catch (IOException | RuntimeException e) {
              LOG.warn("edge cache: cannot delete {}: {}", file.path(), e.toString());
            }
          }
        }
        return null;
      }, false);
    } catch (RejectedExecutionException stopped) {
      // Vert.x is closing: the process is going away, and the next start drops leftovers.
      return;
    }
    closed.onComplete(done -> {
      if (done.failed()) {
        LOG.warn("edge cache: closing {} files: {}", last.size(), done.cause().toString());
      }
      for (SharedFile file : last) {
        if (file.isDropped()) {
          file.deleted().run();
        }
      }
    });
  }

  /** Takes one hold away; true if it was the last. */
  private synchronized boolean letGo() {
    if (holders == 0) {
      return false;
    }
    holders--;
    return holders == 0;
  }

  private synchronized Runnable deleted() {
    return onDeleted;
  }

  /** The file leaves the cache: it is deleted once nobody holds it, then {@code deleted} runs. */
  synchronized void drop(Runnable deleted) {
    dropped = true;
    onDeleted = deleted;
  }

  private synchronized boolean isDropped() {
    return dropped;
  }

  /** True while only the index holds it: nobody reads or writes it. */
  synchronized boolean unheld() {
    return holders == 1;
  }

  /** True while only the index holds it and its channel is open: closing it costs nothing. */
  synchronized boolean idleAndOpen() {
    return holders == 1 && channel != null;
  }

  /** The channel if it is open (it always is while a fill holds its part file); else null. */
  synchronized FileChannel openChannel() {
    return channel;
  }

  /** The channel to read through, opened on a worker thread the first time. */
  Future<FileChannel> channel() {
    synchronized (this) {
      if (channel != null) {
        return Future.succeededFuture(channel);
      }
      if (opening == null) {
        Path toOpen = path;
        opening = vertx.executeBlocking(() -> FileChannel.open(toOpen, StandardOpenOption.READ),
                false)
            .map(opened -> {
              synchronized (this) {
                channel = opened;
                opening = null;
              }
              openChannels.incrementAndGet();
              return opened;
            })
            .onFailure(e -> {
              synchronized (this) {
                opening = null;
              }
            });
      }
      return opening;
    }
  }

  /** Closes the channel if only the index holds the file; it reopens when read again. */
  void closeIfIdle() {
    FileChannel toClose;
    synchronized (this) {
      if (holders != 1 || channel == null) {
        return;
      }
      toClose = channel;
      channel = null;
    }
    vertx.executeBlocking(() -> {
      toClose.close();
      return null;
    }, false).onComplete(done -> openChannels.decrementAndGet());
  }

  private void closeQuietly() {
    FileChannel toClose;
    synchronized (this) {
      toClose = channel;
      channel = null;
    }
    if (toClose != null) {
      try {
        toClose.close();
      } catch (IOException e) {
        LOG.debug("edge cache: closing {}: {}", path(), e.toString());
      }
      openChannels.decrementAndGet();
    }
  }
}
