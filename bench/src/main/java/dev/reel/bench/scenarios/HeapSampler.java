package dev.reel.bench.scenarios;

import dev.reel.bench.platform.MemoryProbe;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls a service's {@code /metrics} every 200 ms while something runs and keeps the highest
 * heap in use: the heap growth a request causes, as the service itself reports it.
 */
final class HeapSampler implements AutoCloseable {

  private static final long PERIOD_MILLIS = 200;

  private final ScheduledExecutorService timer;
  private volatile double peakMiB = Double.NaN;

  HeapSampler(MemoryProbe probe, String metricsUrl) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "heap-sampler");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleAtFixedRate(() -> {
      double heap = probe.heapUsedMiB(metricsUrl);
      if (!Double.isNaN(heap)) {
        peakMiB = Double.isNaN(peakMiB) ? heap : Math.max(peakMiB, heap);
      }
    }, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The highest heap seen so far, NaN before the first sample. */
  double peakMiB() {
    return peakMiB;
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }
}
