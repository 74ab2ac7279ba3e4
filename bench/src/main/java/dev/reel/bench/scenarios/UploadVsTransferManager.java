package dev.reel.bench.scenarios;

import dev.reel.bench.BenchContext;
import dev.reel.bench.BenchOptions;
import dev.reel.bench.Scenario;
import dev.reel.bench.measure.AbRunner;
import dev.reel.bench.measure.Better;
import dev.reel.bench.measure.Comparison;
import dev.reel.bench.measure.ScenarioResult;
import dev.reel.bench.measure.Stats;
import dev.reel.bench.measure.Target;
import dev.reel.bench.platform.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue scenario 3: one large file into Reel vs the AWS SDK's transfer manager uploading the
 * same file to the same S3 server, alternating. Reel's side takes one of two routes: a single
 * {@code POST /v1/uploads}, or tus with the stock Java client. All end as a multipart object in
 * the same bucket; the difference is the ingest hop (and what ingest does on the way: sha256,
 * validation, the event). After the timed rounds, one more upload through the same route
 * measures ingest's heap ({@link UploadHeap}).
 */
public final class UploadVsTransferManager implements Scenario {

  /** How Reel's side sends the file. */
  public enum Route { POST, TUS }

  private static final String CONTENT_TYPE = "video/mp4";
  /** The issue: heap growth during a 2 GiB upload stays under 64 MiB. */
  private static final double HEAP_LIMIT_MIB = 64;
  /**
   * The request size of the second, informational tus measurement. The Java client's own
   * default is 10 MiB; each request ends with a wait for its last parts and its state to be
   * stored, and costs the client a new connection. 32 MiB is not a multiple of the 5 MiB
   * parts ingest stores a 1 GiB upload in, and the Java client sends no Content-Length, so
   * most requests leave a tail that the next one reads back.
   */
  static final int TUS_REQUEST_PAYLOAD = 32 * 1024 * 1024;

  private final Route route;

  public UploadVsTransferManager(Route route) {
    this.route = route;
  }

  @Override
  public String id() {
    return route == Route.POST ? "upload" : "upload-tus";
  }

  @Override
  public String title() {
    return route == Route.POST ? "Upload vs AWS SDK transfer manager"
        : "tus upload vs AWS SDK transfer manager";
  }

  @Override
  public String description() {
    String reel = route == Route.POST
        ? "`POST /v1/uploads` (JDK HttpClient, `BodyPublishers.ofFile`)"
        : "tus at `/v1/tus/`: a creation POST, then the file in one PATCH with its "
            + "Content-Length (JDK HttpClient, `BodyPublishers.ofFile`), which is what "
            + "tus-js-client and Uppy send by default; then, for information, the stock Java "
            + "client (tus-java-client 0.5.1) in PATCH requests of "
            + (TUS_REQUEST_PAYLOAD >> 20) + " MiB, each on a new connection";
    return "One file of random bytes through " + reel + " vs `S3TransferManager.uploadFile` "
        + "(Java multipart client, 8 MiB parts) to the same S3 server, one upload at a time, "
        + "alternating. MB/s is 10^6 bytes per second, from the first byte sent to the answer. "
        + "Then one more upload through Reel measures ingest's heap: the live set half-way "
        + "(`jcmd GC.class_histogram` once half the file is sent: a full GC, then the bytes of "
        + "the objects that survived) minus the live set just before, against the issue's "
        + "64 MiB; and, for information, the peak heap in use (sampled from `/metrics` every "
        + "200 ms), which includes garbage not collected yet.";
  }

  @Override
  public void run(BenchContext ctx, ScenarioResult.Builder out) throws Exception {
    BenchOptions options = ctx.options();
    long size = options.uploadBytes();
    Path file = ctx.fixtures().randomFile("upload-" + (size >> 20) + "m.bin", size);
    long warmupBytes = (options.quick() ? 32 : 64) * BenchOptions.MIB;
    Path warmupFile = ctx.fixtures().randomFile("upload-warmup-" + (warmupBytes >> 20) + "m.bin",
        warmupBytes);
    long heapBytes = options.heapUploadBytes();
    ServiceProcess ingest = ctx.platform().process("ingest")
        .orElseThrow(() -> new IllegalStateException("no ingest process found"));
    UploadHeap.CountedUpload send = route == Route.POST
        ? (source, sent) -> ctx.reel().upload(source, CONTENT_TYPE, sent).assetId()
        : (source, sent) -> ctx.reel().uploadTusOnePatch(source, CONTENT_TYPE, sent);

    try (TransferManagerSide transferManager = new TransferManagerSide(ctx.s3Settings())) {
      AbRunner.Rounds rounds = AbRunner.run(id(), options.uploadRounds(), "transfer manager",
          trial(ctx, ingest, transferManager, send, file, warmupFile),
          transferManager.trial(file, warmupFile, CONTENT_TYPE));
      out.row(Comparison.of("upload " + (size >> 20) + " MiB: throughput", "MB/s",
          Better.HIGHER, rounds.reel("mbps"), "transfer manager", rounds.anchor("mbps"),
          Target.of(0.9, "upload ≥ 0.9× the transfer manager")));
      if (route == Route.TUS) {
        AbRunner.Rounds chunked = AbRunner.run(id() + " (" + (TUS_REQUEST_PAYLOAD >> 20)
                + " MiB PATCHes)", options.uploadRounds(), "transfer manager",
            trial(ctx, ingest, transferManager, tus(ctx, TUS_REQUEST_PAYLOAD), file,
                warmupFile),
            transferManager.trial(file, warmupFile, CONTENT_TYPE));
        out.row(Comparison.of("upload " + (size >> 20) + " MiB in "
                + (TUS_REQUEST_PAYLOAD >> 20) + " MiB PATCH requests (tus-java-client): "
                + "throughput", "MB/s", Better.HIGHER, chunked.reel("mbps"), "transfer manager",
            chunked.anchor("mbps"), null));
      }
      double parts = Stats.of(rounds.anchor("parts")).median();
      double singles = rounds.totalAnchor("singlePuts");
      out.figure("file_bytes", size);
      out.figure("transfer_manager_parts_per_upload", parts);
      out.note(String.format("The transfer manager really did multipart: %.0f UploadPart "
          + "calls per upload of %d MiB (%s single PutObject). %s", parts, size >> 20,
          singles == 0 ? "no" : String.format("%.0f", singles), route == Route.POST
              ? "Ingest streams a POST body in 8 MiB parts, at most two in flight."
              : "Ingest stores a tus upload of this size in 5 MiB parts, at most two in "
                  + "flight. A PATCH ends when its last part and the upload's state are "
                  + "stored. The Java client is a slow sender: it streams each request "
                  + "chunked in 4 KiB HTTP chunks (HttpURLConnection's default), keeps the "
                  + "whole request in a BufferedInputStream mark so it can rewind (a request "
                  + "of the whole file would buffer all of it, so it gets "
                  + (TUS_REQUEST_PAYLOAD >> 20) + " MiB requests here), and sends no "
                  + "Content-Length, so what a request leaves over a whole part is kept as a "
                  + "tail object and read back by the next one."));
      if (options.quick()) {
        out.note("Quick mode: a " + (size >> 20) + " MiB file instead of the issue's 1 GiB, "
            + "and the heap measured during an upload of " + (heapBytes >> 20)
            + " MiB instead of 2 GiB.");
      }
      out.note("Warm-up: one " + (warmupBytes >> 20) + " MiB upload per side (discarded). "
          + "Each uploaded object is deleted right after its round.");

      Path heapFile = ctx.fixtures().randomFile("upload-" + (heapBytes >> 20) + "m.bin",
          heapBytes);
      UploadHeap.Figures heap = UploadHeap.measure(ctx.memory(), ingest, heapFile, send);
      transferManager.checkAndRemove(heap.assetId(), heap.bytes());
      reportHeap(out, rounds, heap);
    }
  }

  private static UploadHeap.CountedUpload tus(BenchContext ctx, int requestPayload) {
    return (source, sent) -> ctx.reel().uploadTus(source, CONTENT_TYPE, requestPayload, sent);
  }

  /** One timed upload through Reel, its object removed afterwards; ingest's heap sampled. */
  private static AbRunner.Trial trial(BenchContext ctx, ServiceProcess ingest,
      TransferManagerSide transferManager, UploadHeap.CountedUpload send, Path file,
      Path warmupFile) {
    return warmup -> {
      Path source = warmup ? warmupFile : file;
      long bytes = Files.size(source);
      Double heapBefore = ctx.memory().heapAfterGcMiB(ingest);
      String assetId;
      long begin;
      long end;
      double peak;
      try (HeapSampler sampler = new HeapSampler(ctx.memory(), ingest.metricsUrl())) {
        begin = System.nanoTime();
        assetId = send.run(source, new AtomicLong());
        end = System.nanoTime();
        peak = sampler.peakMiB();
      }
      // The next rounds must not fill the disk: each run's gigabyte goes again right away.
      transferManager.checkAndRemove(assetId, bytes);
      Map<String, Double> figures = new LinkedHashMap<>();
      figures.put("mbps", bytes / ((end - begin) / 1e9) / 1e6);
      figures.put("seconds", (end - begin) / 1e9);
      figures.put("heapBefore", heapBefore == null ? Double.NaN : heapBefore);
      figures.put("heapPeak", peak);
      figures.put("heapGrowth", heapBefore == null ? Double.NaN : peak - heapBefore);
      return figures;
    };
  }

  private static void reportHeap(ScenarioResult.Builder out, AbRunner.Rounds rounds,
      UploadHeap.Figures heap) {
    long mib = heap.bytes() >> 20;
    if (Double.isNaN(heap.liveGrowth())) {
      out.note("The live heap could not be measured (jcmd failed, or the upload ended before "
          + "half-way): no heap verdict.");
    } else {
      out.row(Comparison.reelOnly("upload " + mib + " MiB: ingest heap growth (live set "
              + "half-way minus before)", "MiB", Better.LOWER, List.of(heap.liveGrowth()),
          Target.limit(HEAP_LIMIT_MIB, "heap growth during a 2 GiB upload under 64 MiB")));
    }
    out.row(Comparison.reelOnly("upload " + mib + " MiB: ingest peak heap in use minus live "
        + "set before (garbage included)", "MiB", Better.LOWER, List.of(heap.peakGrowth())));
    out.row(Comparison.reelOnly("timed rounds: ingest peak heap in use minus live set before "
        + "(garbage included)", "MiB", Better.LOWER, rounds.reel("heapGrowth")));
    out.figure("heap_round_bytes", heap.bytes());
    out.figure("heap_round_mbps", heap.mbps());
    out.figure("ingest_live_heap_before_mib", heap.liveBefore());
    out.figure("ingest_live_heap_halfway_mib", heap.liveHalfway());
    out.figure("ingest_heap_peak_in_use_mib", heap.peakInUse());
    out.figure("ingest_direct_buffers_halfway_mib", heap.directHalfway());
    out.note(String.format("Heap: one more upload of %d MiB after the timed rounds (%.1f MB/s, "
            + "slowed a little by the forced GC half-way; not part of the ratio). Ingest's live "
            + "objects came to %.1f MiB before it and %.1f MiB half-way: %.1f MiB held by the "
            + "upload. Its heap in use peaked at %.0f MiB, %.0f MiB over the "
            + "live set before: garbage not collected yet, mostly the heap copy Vert.x makes "
            + "of each chunk of the request body, which G1 leaves in the young generation "
            + "until that fills. The part buffers are direct memory, outside the heap: "
            + "%.0f MiB in the JVM's direct buffer pool half-way (ingest's pool of part buffers, "
            + "three per upload in use plus any kept idle, and other NIO buffers). The service "
            + "runs with -Xmx384m.", heap.bytes() >> 20, heap.mbps(), heap.liveBefore(),
        heap.liveHalfway(), heap.liveGrowth(), heap.peakInUse(), heap.peakGrowth(),
        heap.directHalfway()));
  }
}
