package dev.reel.bench.scenarios;

import dev.reel.bench.platform.MemoryProbe;
import dev.reel.bench.platform.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest's heap during one long upload, measured two ways against its live set just before
 * (a class histogram with jcmd: a full GC, then the bytes of every object that survived):
 *
 * <ul>
 *   <li>the <b>live set half-way</b>: once half the file is sent, another class histogram. This
 *       is what the upload holds, whatever its size: the figure the heap target is
 *       about. (The heap in use read right after a forced GC is not, mid-upload: it already
 *       counts the allocation buffers the busy threads took since, megabytes at a time.)
 *   <li>the <b>peak in use</b>, sampled from {@code /metrics} every 200 ms: the live set plus
 *       garbage not collected yet. Vert.x hands every chunk of a request body over as a fresh
 *       heap buffer, so an upload makes about its own size in short-lived garbage, and G1 lets
 *       the young generation fill a good part of the heap before it collects. This figure
 *       follows the collector's sizing more than the upload.
 * </ul>
 *
 * <p>Also read half-way: the JVM's direct buffer pool, where ingest's part buffers live (outside
 * the heap, so in neither heap figure).
 */
final class UploadHeap {

  /** One upload of {@code file} that counts the bytes sent so far; answers the asset id. */
  @FunctionalInterface
  interface CountedUpload {
    String run(Path file, AtomicLong sent) throws Exception;
  }

  /**
   * What one measured upload showed, in MiB (NaN where jcmd or {@code /metrics} could not be
   * read), and its throughput, which the forced GC half-way slows a little.
   */
  record Figures(String assetId, long bytes, double liveBefore, double liveHalfway,
      double peakInUse, double directHalfway, double mbps) {

    double liveGrowth() {
      return liveHalfway - liveBefore;
    }

    double peakGrowth() {
      return peakInUse - liveBefore;
    }
  }

  private UploadHeap() {
  }

  static Figures measure(MemoryProbe probe, ServiceProcess ingest, Path file,
      CountedUpload upload) throws Exception {
    long bytes = Files.size(file);
    double before = orNaN(probe.liveObjectsMiB(ingest));
    AtomicLong sent = new AtomicLong();
    ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "heap-round-upload");
      thread.setDaemon(true);
      return thread;
    });
    try (HeapSampler sampler = new HeapSampler(probe, ingest.metricsUrl())) {
      long begin = System.nanoTime();
      Future<String> done = runner.submit(() -> upload.run(file, sent));
      while (!done.isDone() && sent.get() < bytes / 2) {
        Thread.sleep(10);
      }
      double halfway = Double.NaN;
      double direct = Double.NaN;
      if (!done.isDone()) {
        halfway = orNaN(probe.liveObjectsMiB(ingest));
        direct = probe.directBuffersMiB(ingest.metricsUrl());
      }
      String assetId = done.get();
      long end = System.nanoTime();
      return new Figures(assetId, bytes, before, halfway, sampler.peakMiB(), direct,
          bytes / ((end - begin) / 1e9) / 1e6);
    } finally {
      runner.shutdownNow();
    }
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }
}
