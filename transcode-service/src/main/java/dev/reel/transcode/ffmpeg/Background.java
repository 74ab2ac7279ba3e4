package dev.reel.transcode.ffmpeg;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * An encode running on its own thread while the job's thread does something else. Its result
 * is answered, and its failure thrown unchanged, by {@link #await}; {@link #stop} interrupts it
 * (which kills its ffmpeg) and waits until it has let go of the work directory.
 */
final class Background<T> {

  /** What runs in the background. */
  interface Work<T> {
    T run() throws InterruptedException, IOException;
  }

  private final Thread thread;
  private volatile T result;
  private volatile Throwable failure;
  private volatile boolean finished;

  private Background(String name, Work<T> work) {
    thread = new Thread(() -> {
      try {
        result = work.run();
      } catch (Throwable e) {
        failure = e;
      } finally {
        finished = true;
      }
    }, name);
    thread.setDaemon(true);
  }

  static <T> Background<T> start(String jobId, Work<T> work) {
    Background<T> background = new Background<>("encode-rest-" + jobId, work);
    background.thread.start();
    return background;
  }

  /** Waits for the work to end; answers what it answered, or throws what it threw. */
  T await() throws InterruptedException, IOException {
    thread.join();
    Throwable thrown = failure;
    if (thrown instanceof IOException io) {
      throw io;
    }
    if (thrown instanceof InterruptedException interrupted) {
      throw interrupted;
    }
    if (thrown instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (thrown instanceof Error error) {
      throw error;
    }
    return result;
  }

  /** Interrupts the work unless it has ended, and waits (boundedly) for it to wind down. */
  void stop() {
    if (finished) {
      return;
    }
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
