package dev.reel.bench.scenarios;

import dev.reel.bench.BenchContext;
import dev.reel.bench.measure.Better;
import dev.reel.bench.measure.Comparison;
import dev.reel.bench.measure.ScenarioResult;
import dev.reel.bench.measure.Stats;
import dev.reel.bench.measure.Target;
import dev.reel.bench.reel.Fixtures;
import dev.reel.bench.reel.Fixtures.Media;
import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.s3.S3Clients;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The edge cache's targets, side by side in one run: warm-cache random ranges of the 64 MiB
 * object against the same nginx as {@link RangeVsNginx}, serving the same file from local disk
 * (1 MiB at 0.8×, 4 KiB at 0.6× nginx's requests/s, and the same of its p99 latency); the
 * first byte of a cold segment through delivery against a direct S3
 * GET of the same object (at most 1.2×); and 200 viewers of one new segment at once, which must
 * cost one origin fetch, counted on delivery's own metrics.
 */
public final class EdgeCacheVsNginx extends RangeVsNginx {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeCacheVsNginx.class);
  private static final int COLD_BYTES = 4 * 1024 * 1024;
  private static final int COLD_PER_ROUND = 12;
  private static final int VIEWERS = 200;
  private static final int VIEWER_BYTES = 2 * 1024 * 1024;
  private static final Duration URL_LIFETIME = Duration.ofHours(1);

  @Override
  public String id() {
    return "edge-cache";
  }

  @Override
  public String title() {
    return "Edge cache: warm ranges vs nginx, cold first byte vs S3, collapsing";
  }

  @Override
  public String description() {
    return "Three measurements of delivery's edge cache. (1) Warm: the 64 MiB object is "
        + "fetched whole through delivery first (so it sits in the cache's disk level), then "
        + "random 1 MiB and 4 KiB ranges of it at 64 connections (wrk, " + THREADS
        + " threads) against nginx (1 worker, sendfile on, logging each request to its access "
        + "log as by default, since delivery logs each one too) serving the same file from "
        + "local disk. (2) Cold: " + COLD_PER_ROUND + " new " + (COLD_BYTES >> 20)
        + " MiB segments "
        + "per round (after a discarded warm-up round of " + 4 * COLD_PER_ROUND + "), put "
        + "straight into S3; time to first byte of a GET through delivery (its "
        + "first request for that object) against a presigned GET of the same object from S3, "
        + "and, for scale, through a bare pass-through proxy; each over a fresh connection "
        + "opened before the clock starts, in rotating order; median per round. (3) "
        + "Collapsing: " + VIEWERS + " concurrent GETs (one connection "
        + "each, opened beforehand) of one new " + (VIEWER_BYTES >> 20) + " MiB segment; origin "
        + "GETs counted on delivery's /metrics, every body compared byte for byte.";
  }

  @Override
  Target throughputTarget(long rangeLength) {
    return Target.of(targetRatio(rangeLength), "warm edge cache (the issue's target)");
  }

  @Override
  Target latencyTarget(long rangeLength) {
    return Target.of(latencyRatio(rangeLength), "warm edge cache (the issue's target, as a "
        + "latency: " + targetRatio(rangeLength) + "× nginx's is at most 1/"
        + targetRatio(rangeLength) + " of its p99)");
  }

  @Override
  public void run(BenchContext ctx, ScenarioResult.Builder out) throws Exception {
    warm(ctx, ctx.fixtures().media(), out);
    super.run(ctx, out);
    try (S3AsyncClient s3 = S3Clients.async(ctx.s3Settings());
        S3Presigner presigner = S3Clients.presigner(ctx.s3Settings())) {
      coldFirstByte(ctx, out, s3, presigner);
      viewers(ctx, out, s3);
    }
  }

  /** Reads the object once whole through delivery, so the ranges hit a warm cache. */
  private static void warm(BenchContext ctx, Media media, ScenarioResult.Builder out)
      throws Exception {
    URI source = ctx.platform().delivery().resolve("/v1/media/" + media.assetId() + "/source");
    HttpResponse<InputStream> whole = ctx.http().send(HttpRequest.newBuilder(source)
        .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofInputStream());
    long bytes;
    try (InputStream body = whole.body()) {
      bytes = body.transferTo(OutputStream.nullOutputStream());
    }
    if (whole.statusCode() != 200 || bytes != media.size()) {
      throw new IllegalStateException("warming GET answered " + whole.statusCode() + " with "
          + bytes + " bytes");
    }
    DeliveryMetrics metrics = new DeliveryMetrics(ctx.http(), ctx.platform().delivery());
    double onDisk = metrics.value("reel_delivery_cache_entries", "level=\"disk\"");
    out.note(String.format("Warm: before the ranges, the 64 MiB object was read whole through "
        + "delivery; the cache's disk level then held %.0f object(s), %.1f MiB.", onDisk,
        metrics.value("reel_delivery_cache_size_bytes", "level=\"disk\"") / (1 << 20)));
  }

  private static void coldFirstByte(BenchContext ctx, ScenarioResult.Builder out,
      S3AsyncClient s3, S3Presigner presigner) throws Exception {
    byte[] bytes = Fixtures.randomBytes(COLD_BYTES);
    String bucket = ctx.s3Settings().bucket();
    List<Double> reelMedians = new ArrayList<>();
    List<Double> s3Medians = new ArrayList<>();
    List<Double> proxyMedians = new ArrayList<>();
    List<Double> allReel = new ArrayList<>();
    List<Double> allS3 = new ArrayList<>();
    List<Double> allProxy = new ArrayList<>();
    int rounds = ctx.options().rounds();
    try (PassThroughProxy proxy = PassThroughProxy.start()) {
      for (int round = 0; round <= rounds; round++) {
        String id = AssetId.generate();
        List<Double> reel = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        List<Double> proxied = new ArrayList<>();
        // The cold path runs once per new object: a longer warm-up round lets the JIT see it.
        int segments = round == 0 ? 4 * COLD_PER_ROUND : COLD_PER_ROUND;
        for (int n = 0; n < segments; n++) {
          String file = "cmaf/720p/seg_" + n + ".m4s";
          String key = StorageLayout.renditionKey(id, file);
          s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) bytes.length),
              AsyncRequestBody.fromBytes(bytes)).join();
          URI viaReel = ctx.platform().delivery().resolve("/v1/media/" + id + "/" + file);
          URI viaS3 = URI.create(presigner.presignGetObject(p -> p
              .signatureDuration(URL_LIFETIME)
              .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString());
          URI viaProxy = proxy.url(viaS3);
          // Each goes first, second and third in turn: S3's first read of an object is slower.
          for (int turn = 0; turn < 3; turn++) {
            switch ((n + turn) % 3) {
              case 0 -> direct.add(FirstByte.millis(viaS3));
              case 1 -> reel.add(FirstByte.millis(viaReel));
              default -> proxied.add(FirstByte.millis(viaProxy));
            }
          }
        }
        if (round == 0) {
          LOG.info("edge-cache cold first byte: warm-up round (discarded)");
          continue;
        }
        reelMedians.add(Stats.of(reel).median());
        s3Medians.add(Stats.of(direct).median());
        proxyMedians.add(Stats.of(proxied).median());
        allReel.addAll(reel);
        allS3.addAll(direct);
        allProxy.addAll(proxied);
        LOG.info("edge-cache cold first byte: round {}/{} Reel {} ms, direct S3 {} ms, bare "
                + "proxy {} ms", round, rounds, String.format("%.2f", Stats.of(reel).median()),
            String.format("%.2f", Stats.of(direct).median()),
            String.format("%.2f", Stats.of(proxied).median()));
      }
    }
    out.row(Comparison.of("cold " + (COLD_BYTES >> 20) + " MiB segment: first byte (median)",
        "ms", Better.LOWER, reelMedians, "direct S3", s3Medians,
        Target.of(1.2, "cold edge cache (the issue's target)")));
    out.row(Comparison.of("cold " + (COLD_BYTES >> 20) + " MiB segment: first byte through a "
            + "bare pass-through proxy (for scale)", "ms", Better.LOWER, proxyMedians,
        "direct S3", s3Medians, null));
    out.figure("cold.reel.p50_ms", Stats.percentile(allReel, 50));
    out.figure("cold.reel.p99_ms", Stats.percentile(allReel, 99));
    out.figure("cold.s3.p50_ms", Stats.percentile(allS3, 50));
    out.figure("cold.s3.p99_ms", Stats.percentile(allS3, 99));
    out.figure("cold.proxy.p50_ms", Stats.percentile(allProxy, 50));
    out.note(String.format("Cold first byte over all %d timed segments: Reel p50 %.2f ms, p99 "
            + "%.2f ms; direct S3 p50 %.2f ms, p99 %.2f ms; a bare pass-through proxy p50 "
            + "%.2f ms. A cold request through delivery is one S3 GET (no HEAD first): its "
            + "headers describe the object, the viewer's status line goes out as soon as they "
            + "are in, and the body starts filling the cache. The bare proxy (PassThroughProxy "
            + "in the bench: the same Vert.x HTTP client on a kept-alive connection, the head "
            + "sent as soon as S3 answers, nothing else) runs in the bench's own JVM; it shows "
            + "what one more hop costs on this machine before any work of delivery's.",
        allReel.size(), Stats.percentile(allReel, 50), Stats.percentile(allReel, 99),
        Stats.percentile(allS3, 50), Stats.percentile(allS3, 99),
        Stats.percentile(allProxy, 50)));
  }

  private static void viewers(BenchContext ctx, ScenarioResult.Builder out, S3AsyncClient s3)
      throws Exception {
    byte[] bytes = Fixtures.randomBytes(VIEWER_BYTES);
    DeliveryMetrics metrics = new DeliveryMetrics(ctx.http(), ctx.platform().delivery());
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    List<Double> originGets = new ArrayList<>();
    List<Double> slowest = new ArrayList<>();
    List<Double> followers = new ArrayList<>();
    for (int round = 1; round <= ctx.options().rounds(); round++) {
      String id = AssetId.generate();
      String file = "cmaf/1080p/seg_00001.m4s";
      s3.putObject(b -> b.bucket(ctx.s3Settings().bucket())
          .key(StorageLayout.renditionKey(id, file)).contentLength((long) bytes.length),
          AsyncRequestBody.fromBytes(bytes)).join();
      openConnections(client, ctx.platform().delivery().resolve("/health/live"));
      double getsBefore = metrics.originGets();
      double followersBefore = metrics.fillHits();
      URI url = ctx.platform().delivery().resolve("/v1/media/" + id + "/" + file);
      long start = System.nanoTime();
      List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
      for (int i = 0; i < VIEWERS; i++) {
        answers.add(client.sendAsync(HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray()));
      }
      for (CompletableFuture<HttpResponse<byte[]>> answer : answers) {
        HttpResponse<byte[]> response = answer.join();
        if (response.statusCode() != 200 || !Arrays.equals(bytes, response.body())) {
          throw new IllegalStateException("a viewer got " + response.statusCode() + " and "
              + response.body().length + " bytes, not the segment");
        }
      }
      slowest.add((System.nanoTime() - start) / 1e6);
      originGets.add(metrics.originGets() - getsBefore);
      followers.add(metrics.fillHits() - followersBefore);
      LOG.info("edge-cache viewers: round {}/{}: {} origin GET(s), {} of {} viewers followed "
              + "the fill", round, ctx.options().rounds(), originGets.get(round - 1),
          followers.get(round - 1), VIEWERS);
    }
    out.row(Comparison.reelOnly(VIEWERS + " concurrent viewers of a new segment: origin GETs",
        "GETs", Better.LOWER, originGets));
    out.row(Comparison.reelOnly(VIEWERS + " concurrent viewers: until the last has it all", "ms",
        Better.LOWER, slowest));
    boolean met = originGets.stream().allMatch(gets -> gets == 1);
    out.figure("viewers.origin_gets_max", originGets.stream().mapToDouble(d -> d).max()
        .orElse(0));
    out.figure("viewers.followers_median", Stats.of(followers).median());
    out.note(String.format("Collapsing: target one origin fetch per new segment for %d "
            + "concurrent viewers: %s (origin GETs per round %s). Every viewer got the segment "
            + "byte for byte; per round, a median of %.0f viewers were served by following the "
            + "fill as it arrived, the rest from the cache once it was whole.", VIEWERS,
        met ? "met in every round" : "MISSED", originGets, Stats.of(followers).median()));
  }

  /** Opens one kept-alive connection per viewer beforehand, so the GETs leave together. */
  private static void openConnections(HttpClient client, URI health) {
    List<CompletableFuture<HttpResponse<Void>>> probes = new ArrayList<>();
    for (int i = 0; i < VIEWERS; i++) {
      probes.add(client.sendAsync(HttpRequest.newBuilder(health).build(),
          HttpResponse.BodyHandlers.discarding()));
    }
    probes.forEach(CompletableFuture::join);
  }
}
