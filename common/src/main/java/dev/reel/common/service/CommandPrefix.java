package dev.reel.common.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Words put before a child process's command line to change how it runs, from the system's own
 * tools. Each of them execs the command, so the child's pid is still the command's; where a tool
 * is missing, its prefix is empty and the child runs as it would have.
 */
public final class CommandPrefix {

  /** The lowest CPU priority nice(1) gives. */
  public static final int MAX_NICENESS = 19;

  private static final List<Path> NICE = List.of(Path.of("/usr/bin/nice"), Path.of("/bin/nice"));
  private static final List<Path> SETSID =
      List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  private CommandPrefix() {
  }

  /**
   * {@code nice -n niceness}: the command at a lower CPU priority. Empty at 0, or without
   * nice(1).
   */
  public static List<String> nice(int niceness) {
    if (niceness < 0 || niceness > MAX_NICENESS) {
      throw new IllegalArgumentException("a niceness from 0 to " + MAX_NICENESS + ", not "
          + niceness);
    }
    if (niceness == 0) {
      return List.of();
    }
    return firstExecutable(NICE)
        .map(nice -> List.of(nice.toString(), "-n", Integer.toString(niceness)))
        .orElse(List.of());
  }

  /**
   * {@code setsid}: the command in a session of its own, out of the terminal's foreground
   * process group. Run from a process that is not a group leader (any child a JVM starts),
   * setsid(1) calls setsid(2) and execs, without a fork. Empty without setsid(1).
   */
  public static List<String> newSession() {
    return firstExecutable(SETSID).map(setsid -> List.of(setsid.toString())).orElse(List.of());
  }

  private static Optional<Path> firstExecutable(List<Path> candidates) {
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }
}
