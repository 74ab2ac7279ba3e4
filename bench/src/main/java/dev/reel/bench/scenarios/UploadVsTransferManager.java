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
import dev.reel.bench.reel.Uploaded;
import dev.reel.common.StorageLayout;
import dev.reel.common.s3.S3Clients;
import dev.reel.common.s3.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.UploadFileRequest;

/**
 * Issue scenario 3: one large file through {@code POST /v1/uploads} (the JDK HTTP client
 * streaming it from disk) vs the AWS SDK's transfer manager uploading the same file to the same
 * S3 server. Both end as a multipart object in the same bucket; the difference is the ingest hop
 * (and what ingest does on the way: sha256, validation, the event).
 */
public final class UploadVsTransferManager implements Scenario {

  private static final String CONTENT_TYPE = "video/mp4";

  @Override
  public String id() {
    return "upload";
  }

  @Override
  public String title() {
    return "Upload vs AWS SDK transfer manager";
  }

  @Override
  public String description() {
    return "One file of random bytes through `POST /v1/uploads` (JDK HttpClient, "
        + "`BodyPublishers.ofFile`) vs `S3TransferManager.uploadFile` (Java multipart client, "
        + "8 MiB parts) to the same S3 server, one upload at a time, alternating. MB/s is "
        + "10^6 bytes per second, from the first byte sent to the answer. The ingest heap "
        + "growth is its peak heap in use while the upload ran (sampled from `/metrics` every "
        + "200 ms) minus its heap after a full GC just before.";
  }

  @Override
  public void run(BenchContext ctx, ScenarioResult.Builder out) throws Exception {
    long size = ctx.options().uploadBytes();
    Path file = ctx.fixtures().randomFile("upload-" + (size >> 20) + "m.bin", size);
    long warmupBytes = (ctx.options().quick() ? 32 : 64) * BenchOptions.MIB;
    Path warmupFile = ctx.fixtures().randomFile("upload-warmup-" + (warmupBytes >> 20) + "m.bin",
        warmupBytes);
    ServiceProcess ingest = ctx.platform().process("ingest")
        .orElseThrow(() -> new IllegalStateException("no ingest process found"));
    S3Settings settings = ctx.s3Settings();
    TransferClient.RequestCounter counter = new TransferClient.RequestCounter();

    try (S3AsyncClient s3 = S3Clients.async(settings);
        S3AsyncClient transferClient = TransferClient.create(settings, counter);
        S3TransferManager transferManager = S3TransferManager.builder()
            .s3Client(transferClient).build()) {

      AbRunner.Trial reel = warmup -> {
        Path source = warmup ? warmupFile : file;
        long bytes = Files.size(source);
        Double heapBefore = ctx.memory().heapAfterGcMiB(ingest);
        Uploaded uploaded;
        long begin;
        long end;
        double peak;
        try (HeapSampler sampler = new HeapSampler(ctx.memory(), ingest.metricsUrl())) {
          begin = System.nanoTime();
          uploaded = ctx.reel().upload(source, CONTENT_TYPE);
          end = System.nanoTime();
          peak = sampler.peakMiB();
        }
        if (uploaded.size() != bytes) {
          throw new IllegalStateException("Reel stored " + uploaded.size() + " of " + bytes
              + " bytes");
        }
        // The next rounds must not fill the disk: each run's gigabyte goes again right away.
        s3.deleteObject(d -> d.bucket(settings.bucket())
            .key(StorageLayout.originalKey(uploaded.assetId()))).join();
        s3.deleteObject(d -> d.bucket(settings.bucket())
            .key(StorageLayout.uploadRecordKey(uploaded.assetId()))).join();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("mbps", bytes / ((end - begin) / 1e9) / 1e6);
        figures.put("seconds", (end - begin) / 1e9);
        figures.put("heapBefore", heapBefore == null ? Double.NaN : heapBefore);
        figures.put("heapPeak", peak);
        figures.put("heapGrowth", heapBefore == null ? Double.NaN : peak - heapBefore);
        return figures;
      };

      AbRunner.Trial anchor = warmup -> {
        Path source = warmup ? warmupFile : file;
        long bytes = Files.size(source);
        String key = "bench/transfer-manager/" + UUID.randomUUID();
        long partsBefore = counter.parts.get();
        long singleBefore = counter.singlePuts.get();
        long begin = System.nanoTime();
        transferManager.uploadFile(UploadFileRequest.builder()
                .putObjectRequest(p -> p.bucket(settings.bucket()).key(key)
                    .contentType(CONTENT_TYPE))
                .source(source)
                .build())
            .completionFuture().join();
        long end = System.nanoTime();
        long stored = s3.headObject(h -> h.bucket(settings.bucket()).key(key)).join()
            .contentLength();
        s3.deleteObject(d -> d.bucket(settings.bucket()).key(key)).join();
        if (stored != bytes) {
          throw new IllegalStateException("the transfer manager stored " + stored + " of "
              + bytes + " bytes");
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("mbps", bytes / ((end - begin) / 1e9) / 1e6);
        figures.put("seconds", (end - begin) / 1e9);
        figures.put("parts", (double) (counter.parts.get() - partsBefore));
        figures.put("singlePuts", (double) (counter.singlePuts.get() - singleBefore));
        return figures;
      };

      AbRunner.Rounds rounds = AbRunner.run(id(), ctx.options().uploadRounds(), "transfer manager",
          reel, anchor);

      out.row(Comparison.of("upload " + (size >> 20) + " MiB: throughput", "MB/s",
          Better.HIGHER, rounds.reel("mbps"), "transfer manager", rounds.anchor("mbps"),
          Target.of(0.9, "upload ≥ 0.9× the transfer manager")));
      out.row(Comparison.reelOnly("ingest heap growth during the upload", "MiB", Better.LOWER,
          rounds.reel("heapGrowth")));
      double parts = Stats.of(rounds.anchor("parts")).median();
      double singles = rounds.totalAnchor("singlePuts");
      out.figure("file_bytes", size);
      out.figure("transfer_manager_parts_per_upload", parts);
      out.figure("ingest_heap_before_mib", Stats.of(rounds.reel("heapBefore")).median());
      out.figure("ingest_heap_peak_mib", Stats.of(rounds.reel("heapPeak")).median());
      if (ctx.options().quick()) {
        out.note("Quick mode: a 256 MiB file instead of the issue's 1 GiB.");
      }
      out.note(String.format("The transfer manager really did multipart: %.0f UploadPart "
          + "calls per upload of %d MiB (%s single PutObject); ingest uses 8 MiB parts too, "
          + "at most two in flight.", parts, size >> 20,
          singles == 0 ? "no" : String.format("%.0f", singles)));
      out.note(String.format("Ingest heap: %.0f MiB after GC before an upload, %.0f MiB peak "
          + "in use during it (median of rounds; the service runs with -Xmx384m).",
          Stats.of(rounds.reel("heapBefore")).median(),
          Stats.of(rounds.reel("heapPeak")).median()));
      out.note("Warm-up: one " + (warmupBytes >> 20) + " MiB upload per side (discarded). "
          + "Each uploaded object is deleted right after its round.");
    }
  }
}
