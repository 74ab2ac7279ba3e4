package dev.reel.common.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a process is started by the Reel launcher, {@code REEL_PARENT_PID} names the launcher. If
 * the launcher dies without cleaning up (kill -9), its children notice and exit instead of
 * holding ports forever. They exit only when they know the launcher is gone: a service that has
 * run out of file descriptors cannot look its parent up, and must not take that for a death.
 */
public final class ParentWatch {

  public static final String PARENT_PID = "REEL_PARENT_PID";
  private static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);
  private static final long INTERVAL_MS = 500;

  /** Answers whether the parent lives; throws when it cannot tell. */
  @FunctionalInterface
  interface LivenessCheck {
    boolean isAlive() throws Exception;
  }

  private final String pid;
  private final LivenessCheck check;
  private boolean unsure;

  ParentWatch(String pid, LivenessCheck check) {
    this.pid = pid;
    this.check = check;
  }

  public static void startFromEnvironment() {
    String pid = System.getenv(PARENT_PID);
    if (pid == null || pid.isBlank()) {
      return;
    }
    ParentWatch watch;
    try {
      watch = new ParentWatch(pid.trim(), ProcessLiveness.of(Long.parseLong(pid.trim())));
    } catch (NumberFormatException e) {
      LOG.warn("{} is not a process id: '{}'", PARENT_PID, pid);
      return;
    }
    Thread watcher = new Thread(watch::watch, "reel-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  private void watch() {
    while (!parentGone()) {
      try {
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
    LOG.warn("launcher process {} is gone; exiting", pid);
    System.exit(3);
  }

  /**
   * One look: true only when the check answered that the parent is dead. A check that fails is
   * logged once, when the failures start (and once more when they end), not every half second.
   */
  boolean parentGone() {
    boolean alive;
    try {
      alive = check.isAlive();
    } catch (Exception e) {
      if (!unsure) {
        LOG.warn("cannot tell whether launcher process {} is alive ({}); still watching", pid,
            e.toString());
        unsure = true;
      }
      return false;
    }
    if (unsure) {
      LOG.info("can tell again whether launcher process {} is alive", pid);
      unsure = false;
    }
    return !alive;
  }
}
