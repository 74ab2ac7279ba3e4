package dev.reel.transcode.job;

import dev.reel.common.files.DirectoryTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scratch directory per running job under a root that several workers may share. Each job
 * directory holds a lock file locked while the job runs; the OS drops the lock when the process
 * dies, even by kill -9, so {@link #sweepAbandoned()} can tell a crashed job's leftovers from a
 * live job of another worker and remove only the former.
 */
public final class WorkDirs {

  private static final Logger LOG = LoggerFactory.getLogger(WorkDirs.class);
  private static final String LOCK = ".lock";
  /** Where a job notes the pid of the encoder it is running. */
  public static final String PID_FILE = "encoder.pid";
  /** Where a job notes the pid of a second encoder it runs at the same time. */
  public static final String SECOND_PID_FILE = "encoder-2.pid";

  private final Path root;

  public WorkDirs(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** A locked scratch directory; closing it deletes it. */
  public final class WorkDir implements AutoCloseable {
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private WorkDir(Path dir, FileChannel channel, FileLock lock) {
      this.dir = dir;
      this.channel = channel;
      this.lock = lock;
    }

    public Path path() {
      return dir;
    }

    @Override
    public void close() {
      deleteTree(dir);
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        LOG.debug("releasing {}: {}", dir, e.toString());
      }
    }
  }

  public WorkDir create(String jobId) {
    Path dir = root.resolve("job-" + jobId);
    try {
      Files.createDirectories(dir);
      FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new IllegalStateException(dir + " is locked by another process");
      }
      return new WorkDir(dir, channel, lock);
    } catch (IOException e) {
      throw new JobFailure(JobFailure.INSUFFICIENT_DISK, "cannot create a work directory under "
          + root + ": " + e.getMessage(), true, e);
    }
  }

  /** Free bytes where jobs write. */
  public long usableBytes() {
    try {
      Files.createDirectories(root);
      return Files.getFileStore(root).getUsableSpace();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Removes job directories whose lock nobody holds: leftovers of a crashed worker. */
  public int sweepAbandoned() {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> jobs = Files.list(root)) {
      for (Path dir : jobs.filter(p -> p.getFileName().toString().startsWith("job-")).toList()) {
        if (isAbandoned(dir)) {
          stopOrphanedEncoder(dir);
          deleteTree(dir);
          removed++;
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot sweep {}: {}", root, e.toString());
    }
    if (removed > 0) {
      LOG.info("removed {} work directories left by a crashed job", removed);
    }
    return removed;
  }

  /**
   * A worker killed outright leaves its ffmpeg child running; stop it if the recorded pid is
   * still an ffmpeg (pids are reused, so anything else is left alone).
   */
  private static void stopOrphanedEncoder(Path dir) {
    stopOrphanedEncoder(dir, PID_FILE);
    stopOrphanedEncoder(dir, SECOND_PID_FILE);
  }

  private static void stopOrphanedEncoder(Path dir, String pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(dir.resolve(pidFile)).trim());
      ProcessHandle.of(pid)
          .filter(h -> h.info().command().map(c -> c.contains("ffmpeg")).orElse(false))
          .ifPresent(h -> {
            LOG.info("stopping ffmpeg (pid {}) left running by a crashed job in {}", pid, dir);
            h.destroyForcibly();
          });
    } catch (IOException | NumberFormatException e) {
      // no encoder was running
    }
  }

  private static boolean isAbandoned(Path dir) {
    Path lockFile = dir.resolve(LOCK);
    if (!Files.exists(lockFile)) {
      return true;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return false;
      }
      lock.release();
      return true;
    } catch (OverlappingFileLockException heldHere) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  static void deleteTree(Path dir) {
    try {
      DirectoryTree.delete(dir);
    } catch (UncheckedIOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.getCause().toString());
    }
  }

}
