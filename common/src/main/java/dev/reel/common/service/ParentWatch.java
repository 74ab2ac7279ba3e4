package dev.reel.common.service;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a process is started by the Reel launcher, {@code REEL_PARENT_PID} names the launcher. If
 * the launcher dies without cleaning up (kill -9), its children notice and exit instead of
 * holding ports forever.
 */
public final class ParentWatch {

  public static final String PARENT_PID = "REEL_PARENT_PID";
  private static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);

  private ParentWatch() {
  }

  public static void startFromEnvironment() {
    String pid = System.getenv(PARENT_PID);
    if (pid == null || pid.isBlank()) {
      return;
    }
    Optional<ProcessHandle> parent;
    try {
      parent = ProcessHandle.of(Long.parseLong(pid.trim()));
    } catch (NumberFormatException e) {
      LOG.warn("{} is not a process id: '{}'", PARENT_PID, pid);
      return;
    }
    Thread watcher = new Thread(() -> {
      while (parent.map(ProcessHandle::isAlive).orElse(false)) {
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
      LOG.warn("launcher process {} is gone; exiting", pid);
      System.exit(3);
    }, "reel-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
