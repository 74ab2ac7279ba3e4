package dev.reel.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One launcher per data directory: two brokers or S3 servers writing the same files would
 * corrupt them. The operating system releases the lock when the launcher dies, however it dies.
 */
final class DataDirLock {

  /** Held for the life of the process; a reference keeps it from being collected. */
  private static FileLock held;

  private DataDirLock() {
  }

  static synchronized boolean acquire(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      FileChannel channel = FileChannel.open(dataDir.resolve(".lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      held = channel.tryLock();
      if (held == null) {
        channel.close();
        return false;
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + dataDir, e);
    }
  }
}
