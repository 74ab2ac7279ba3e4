package dev.reel.bench.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process held stopped (SIGSTOP) until closed (SIGCONT), to measure the others without it: it
 * keeps its memory, connections and place in line, and goes on where it was. Should the harness
 * exit first (Ctrl-C), a shutdown hook lets it go on, so that it can stop when asked to.
 */
public final class StoppedProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StoppedProcess.class);
  /** CPU time a process may use in a second and still count as idle: a tenth of a core. */
  private static final Duration IDLE_PER_SECOND = Duration.ofMillis(100);

  private final ServiceProcess process;
  private final Thread continueOnExit;

  private StoppedProcess(ServiceProcess process) {
    this.process = process;
    this.continueOnExit = new Thread(() -> {
      try {
        signal(process, "CONT");
      } catch (RuntimeException e) {
        LOG.warn("{} may still be stopped: {}", process.name(), e.toString());
      }
    }, "continue " + process.name());
  }

  public static StoppedProcess stop(ServiceProcess process) {
    signal(process, "STOP");
    StoppedProcess stopped = new StoppedProcess(process);
    Runtime.getRuntime().addShutdownHook(stopped.continueOnExit);
    return stopped;
  }

  /** Lets the process go on. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(continueOnExit);
    } catch (IllegalStateException exiting) {
      // The hook runs, or has run, already.
    }
    signal(process, "CONT");
  }

  /**
   * Waits until {@code process} has used less than a tenth of a core for two seconds running,
   * at most {@code max}: a service catching up on work that piled up while it was stopped.
   * Returns how long that took.
   */
  public static Duration awaitIdle(ServiceProcess process, Duration max)
      throws InterruptedException {
    long start = System.nanoTime();
    Optional<Duration> before = process.cpuTime();
    int quietSeconds = 0;
    while (quietSeconds < 2 && before.isPresent()
        && System.nanoTime() - start < max.toNanos()) {
      Thread.sleep(1000);
      Optional<Duration> now = process.cpuTime();
      boolean quiet = now.isPresent()
          && now.get().minus(before.get()).compareTo(IDLE_PER_SECOND) < 0;
      quietSeconds = quiet ? quietSeconds + 1 : 0;
      before = now;
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * Sends {@code signal} by the shell's own {@code kill}: a fresh Debian has {@code sh} (dash,
   * an essential package) but not always procps, which {@code /bin/kill} comes from.
   */
  private static void signal(ServiceProcess process, String signal) {
    try {
      Process kill = new ProcessBuilder("sh", "-c", "kill -s " + signal + " \"$1\"", "sh",
          String.valueOf(process.pid())).redirectErrorStream(true).start();
      String output = new String(kill.getInputStream().readAllBytes()).trim();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -s " + signal + " " + process.pid() + " ("
            + process.name() + ") failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot signal " + process.name(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + process.name(), e);
    }
  }
}
