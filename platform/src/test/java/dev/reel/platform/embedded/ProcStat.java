package dev.reel.platform.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux says of a running process in /proc/PID/stat (proc(5)), for tests. */
public final class ProcStat {

  private ProcStat() {
  }

  /** The process's session id (field 6). */
  public static long session(long pid) throws IOException {
    return field(pid, 6);
  }

  /** The process's nice value (field 19). */
  public static long nice(long pid) throws IOException {
    return field(pid, 19);
  }

  /** Field {@code field}, 1-based as in proc(5). */
  private static long field(long pid, int field) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // Fields 3 onwards follow the command name, which is in parentheses.
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[field - 3]);
  }
}
