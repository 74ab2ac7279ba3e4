package dev.reel.common.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Whether a process lives, told apart from not being able to find out. On Linux the JDK answers
 * {@link ProcessHandle#isAlive} by opening {@code /proc/<pid>/stat}, and a file it cannot open (as
 * when this process has no file descriptor left) reads as a dead process. So a "dead" answer is
 * confirmed by the absence of {@code /proc/<pid>}, which a stat shows without opening anything.
 */
final class ProcessLiveness implements ParentWatch.LivenessCheck {

  private static final Path PROC = Path.of("/proc");

  private final long pid;
  private final Optional<ProcessHandle> handle;
  private final Path proc;

  ProcessLiveness(long pid, Optional<ProcessHandle> handle, Path proc) {
    this.pid = pid;
    this.handle = handle;
    this.proc = proc;
  }

  /** Looks the process up once, so that a later process given the same pid is not taken for it. */
  static ProcessLiveness of(long pid) {
    return new ProcessLiveness(pid, ProcessHandle.of(pid), PROC);
  }

  /**
   * @throws IOException when the JDK says dead but the process table still lists the pid (it
   *     could not look, or the pid went to another process), or the table cannot be read
   */
  @Override
  public boolean isAlive() throws IOException {
    if (handle.map(ProcessHandle::isAlive).orElse(false)) {
      return true;
    }
    if (!Files.isDirectory(proc)) {
      // No process table to ask (macOS, Windows): there the JDK asks the kernel without
      // opening a file, so its answer stands.
      return false;
    }
    try {
      Files.readAttributes(proc.resolve(Long.toString(pid)), BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return false;
    }
    throw new IOException("the JDK reports process " + pid + " dead but " + proc + " lists it");
  }
}
