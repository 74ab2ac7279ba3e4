package dev.reel.bench.scenarios;

import dev.reel.bench.BenchContext;
import dev.reel.bench.Scenario;
import dev.reel.bench.measure.AbRunner;
import dev.reel.bench.measure.Better;
import dev.reel.bench.measure.Comparison;
import dev.reel.bench.measure.ScenarioResult;
import dev.reel.bench.measure.Stats;
import dev.reel.bench.measure.Target;
import dev.reel.bench.measure.Warmup;
import dev.reel.bench.platform.JitProbe;
import dev.reel.bench.platform.ServiceProcess;
import dev.reel.bench.platform.StoppedProcess;
import dev.reel.bench.reel.Fixtures.Media;
import dev.reel.bench.reel.RangeCheck;
import dev.reel.bench.tools.Tool;
import dev.reel.bench.tools.WrkResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random byte ranges of the 64 MiB asset, from Reel delivery and from an anchor that holds the
 * same bytes, with wrk at 64 connections: 1 MiB ranges (throughput-bound: a player fetching
 * segments) and 4 KiB ranges (per-request overhead: a player probing headers and indexes).
 */
abstract class RangeScenario implements Scenario {

  private static final Logger LOG = LoggerFactory.getLogger(RangeScenario.class);
  static final int CONNECTIONS = 64;
  /** One wrk thread per core: two on the reference machine. */
  static final int THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  static final List<Long> RANGE_LENGTHS = List.of(1024L * 1024, 4096L);
  private static final String GC_PAUSES = "gc_pauses";
  private static final String GC_PAUSE_MS = "gc_pause_ms";
  private static final String CPU = "cpu_";
  private static final int CHECKED_RANGES = 16;

  /** The other side: where it serves the bytes, and what it runs on. */
  interface Anchor extends AutoCloseable {
    String url();

    List<ServiceProcess> processes();

    @Override
    void close();
  }

  abstract String anchorName();

  abstract Anchor openAnchor(BenchContext ctx, Media media) throws Exception;

  /** The target of the requests/s ratio for one range length, or null for none. */
  abstract Target throughputTarget(long rangeLength);

  /** The target of the p99 latency ratio for one range length, or null for none. */
  Target latencyTarget(long rangeLength) {
    return null;
  }

  /**
   * Whether ranges of this length are measured once more with admin stopped, for scale (see
   * {@link #measureWithAdminStopped}); no scenario does unless it says so.
   */
  boolean alsoWithAdminStopped(long rangeLength) {
    return false;
  }

  @Override
  public void run(BenchContext ctx, ScenarioResult.Builder out) throws Exception {
    Media media = ctx.fixtures().media();
    String reelUrl = ctx.platform().signedUrl(ctx.platform().delivery() + "/v1/media/"
        + media.assetId() + "/source", Duration.ofDays(1));
    out.note("Requests to Reel use a signed URL (canned policy, as the AWS SDK signs it): media "
        + "is private, so every request includes delivery's signature check.");
    try (Anchor anchor = openAnchor(ctx, media)) {
      for (long length : RANGE_LENGTHS) {
        RangeCheck.verify(ctx.http(), reelUrl, media.file(), length, CHECKED_RANGES);
        RangeCheck.verify(ctx.http(), anchor.url(), media.file(), length, CHECKED_RANGES);
      }
      // Delivery's (and S3's) JIT warm-up happens once per run, whichever range scenario comes
      // first: both range lengths at once, so both code paths warm in the same wall time.
      ctx.warmOnce("delivery-ranges", () -> {
        // Delivery and the S3 server behind it are both JVMs warming up under this load.
        JitProbe jit = new JitProbe(ctx.platform().processes().stream()
            .filter(p -> p.name().equals("delivery") || p.name().equals("s3")).toList());
        Warmup.Result warm = Warmup.untilStable("delivery ranges",
            ctx.options().minWarmupRuns(), ctx.options().maxWarmupRuns(),
            () -> concurrentWarmupRun(ctx, reelUrl, media), jit::compiled);
        out.note(String.format("Delivery was warmed up first (once per run) with both range "
                + "lengths at once, %d runs of %d s, %s; per run, the geometric mean of the two "
                + "requests/s: %s, and methods the JIT compiled in delivery and S3: %s.",
            warm.throughputs().size(), ctx.options().warmup().toSeconds(),
            warm.settled() ? "until a run brought no new high and almost no compilation"
                : "up to the cap: still warming, so the first rounds may be low",
            warm.throughputs().stream().map(v -> String.format("%.0f", v)).toList(),
            warm.compiles()));
      });
      out.note("Before timing, " + CHECKED_RANGES + " random ranges of each length were fetched "
          + "from both sides and compared byte for byte with the local file: all identical.");
      for (long length : RANGE_LENGTHS) {
        measure(ctx, out, media, reelUrl, anchor, length);
      }
      for (ServiceProcess process : anchor.processes()) {
        // The anchor started with this scenario, so its high-water mark is this scenario's.
        out.memory(ctx.memory().measure(process, true));
      }
    }
  }

  private void measure(BenchContext ctx, ScenarioResult.Builder out, Media media, String reelUrl,
      Anchor anchor, long length) throws Exception {
    String label = label(length);
    AtomicLong reelErrors = new AtomicLong();
    AtomicLong anchorErrors = new AtomicLong();
    DeliveryMetrics delivery = new DeliveryMetrics(ctx.http(), ctx.platform().delivery());
    List<ServiceProcess> processes = ctx.platform().processes();
    AbRunner.Rounds rounds = AbRunner.run(id() + " " + label, ctx.options().rounds(),
        anchorName(),
        warmup -> withPlatformCosts(processes, delivery,
            () -> load(ctx, reelUrl, media, length, warmup, reelErrors, "Reel")),
        warmup -> load(ctx, anchor.url(), media, length, warmup, anchorErrors, anchorName()));

    out.row(Comparison.of(label + " ranges: requests/s", "req/s", Better.HIGHER,
        rounds.reel("rps"), anchorName(), rounds.anchor("rps"), throughputTarget(length)));
    out.row(Comparison.of(label + " ranges: p99 latency", "ms", Better.LOWER,
        rounds.reel("p99"), anchorName(), rounds.anchor("p99"), latencyTarget(length)));
    out.figure(label + ".reel.requests", rounds.totalReel("requests"));
    out.figure(label + ".anchor.requests", rounds.totalAnchor("requests"));
    out.figure(label + ".reel.errors", reelErrors.get());
    out.figure(label + ".anchor.errors", anchorErrors.get());
    out.figure(label + ".reel.p50_ms", median(rounds.reel("p50")));
    out.figure(label + ".anchor.p50_ms", median(rounds.anchor("p50")));
    String errors = String.format("%s ranges: %,.0f requests to Reel, %,.0f to %s in the "
            + "measured rounds; errors (socket errors, timeouts, non-2xx) including warm-up: "
            + "Reel %d, %s %d.", label, rounds.totalReel("requests"),
        rounds.totalAnchor("requests"), anchorName(), reelErrors.get(), anchorName(),
        anchorErrors.get());
    out.note(errors);
    double pauses = rounds.totalReel(GC_PAUSES);
    double pausedMs = rounds.totalReel(GC_PAUSE_MS);
    double measuredMs = ctx.options().rounds() * ctx.options().trial().toMillis();
    out.figure(label + ".reel.gc_pauses", pauses);
    out.figure(label + ".reel.gc_pause_ms", pausedMs);
    out.note(String.format("%s ranges: delivery's garbage collector stopped it %,.0f times in "
            + "Reel's measured rounds, %,.0f ms in all (%.2f%% of their time; a stop holds every "
            + "request in flight), by jvm_gc_pause_seconds on its /metrics.", label, pauses,
        pausedMs, 100 * pausedMs / measuredMs));
    StringBuilder cpu = new StringBuilder();
    for (ServiceProcess process : processes) {
      String name = process.name();
      if (rounds.everyReel(CPU + name)) {
        double share = median(rounds.reel(CPU + name));
        out.figure(label + ".reel.cpu_percent." + name, share);
        cpu.append(cpu.isEmpty() ? "" : ", ").append(name).append(' ')
            .append(String.format("%.0f%%", share));
      }
    }
    out.note(String.format("%s ranges: CPU time of the platform's processes during Reel's "
        + "measured rounds, in %% of one core (median of the rounds; the machine has %d, and "
        + "wrk runs on them too): %s.", label, Runtime.getRuntime().availableProcessors(), cpu));
    if (alsoWithAdminStopped(length)) {
      measureWithAdminStopped(ctx, out, media, reelUrl, anchor, length);
    }
  }

  /**
   * The same comparison with admin stopped (SIGSTOP), for scale. Admin reads every {@code
   * delivery.access} event from Kafka and archives it to the bucket: at tens of thousands of
   * requests a second that is a share of a core, taken here from the two that delivery and wrk
   * share, where a production edge would leave it to another machine. Kafka still takes every
   * event meanwhile; admin, continued, reads them all before the scenario goes on.
   */
  private void measureWithAdminStopped(BenchContext ctx, ScenarioResult.Builder out, Media media,
      String reelUrl, Anchor anchor, long length) throws Exception {
    String label = label(length);
    ServiceProcess admin = ctx.platform().processes().stream()
        .filter(process -> process.name().equals("admin")).findFirst().orElse(null);
    if (admin == null) {
      out.note(label + " ranges: not measured with admin stopped, its process was not found.");
      return;
    }
    AtomicLong errors = new AtomicLong();
    int rounds = Math.min(3, ctx.options().rounds());
    AbRunner.Rounds stopped;
    try (StoppedProcess paused = StoppedProcess.stop(admin)) {
      stopped = AbRunner.run(id() + " " + label + ", admin stopped", rounds, anchorName(),
          warmup -> load(ctx, reelUrl, media, length, warmup, errors, "Reel"),
          warmup -> load(ctx, anchor.url(), media, length, warmup, errors, anchorName()));
    }
    String what = label + " ranges, admin stopped (for scale)";
    out.row(Comparison.of(what + ": requests/s", "req/s", Better.HIGHER, stopped.reel("rps"),
        anchorName(), stopped.anchor("rps"), null));
    out.row(Comparison.of(what + ": p99 latency", "ms", Better.LOWER, stopped.reel("p99"),
        anchorName(), stopped.anchor("p99"), null));
    out.figure(label + ".admin_stopped.reel.p99_ms", median(stopped.reel("p99")));
    out.figure(label + ".admin_stopped.anchor.p99_ms", median(stopped.anchor("p99")));
    Duration caughtUp = StoppedProcess.awaitIdle(admin, Duration.ofSeconds(120));
    out.note(String.format("%s ranges were measured once more, %d rounds a side, with admin "
            + "stopped (SIGSTOP) for scale: admin reads each delivery.access event from Kafka "
            + "and archives it to the bucket, on the cores that delivery and wrk share here, and "
            + "a production edge need not run it. Kafka took every event meanwhile; admin, "
            + "continued, caught up in %.0f s, before the scenario went on. Errors in these "
            + "rounds: %d.", label, rounds, caughtUp.toMillis() / 1000.0, errors.get()));
  }

  /**
   * Runs a round of Reel's, adding what it cost the platform: delivery's garbage collection
   * pauses, and each process's CPU time as a share of one core over the round.
   */
  private static Map<String, Double> withPlatformCosts(List<ServiceProcess> processes,
      DeliveryMetrics delivery, Callable<Map<String, Double>> round) throws Exception {
    DeliveryMetrics.Totals before = delivery.gcPauses();
    Map<String, Duration> cpuBefore = cpuTimes(processes);
    long started = System.nanoTime();
    Map<String, Double> figures = new LinkedHashMap<>(round.call());
    long elapsedNanos = System.nanoTime() - started;
    Map<String, Duration> cpuAfter = cpuTimes(processes);
    DeliveryMetrics.Totals during = delivery.gcPauses().since(before);
    figures.put(GC_PAUSES, during.count());
    figures.put(GC_PAUSE_MS, during.seconds() * 1000);
    cpuBefore.forEach((process, was) -> {
      Duration now = cpuAfter.get(process);
      if (now != null) {
        figures.put(CPU + process, 100.0 * now.minus(was).toNanos() / elapsedNanos);
      }
    });
    return figures;
  }

  /** Each process's CPU time so far, for those whose time the system reports. */
  private static Map<String, Duration> cpuTimes(List<ServiceProcess> processes) {
    Map<String, Duration> times = new LinkedHashMap<>();
    for (ServiceProcess process : processes) {
      process.cpuTime().ifPresent(time -> times.put(process.name(), time));
    }
    return times;
  }

  /**
   * One warm-up run: every range length against delivery at the same time, sharing the
   * connections. Returns the geometric mean of their requests/s: it rises while either path is
   * still getting faster, whatever their scales (4 KiB ranges run ten times the rate of 1 MiB).
   */
  private static double concurrentWarmupRun(BenchContext ctx, String url, Media media) {
    List<CompletableFuture<WrkResult>> runs = RANGE_LENGTHS.stream()
        .map(length -> CompletableFuture.supplyAsync(() -> ctx.wrk().ranges(url, media.size(),
            length, CONNECTIONS / RANGE_LENGTHS.size(), 1, ctx.options().warmup())))
        .toList();
    double logSum = 0;
    for (CompletableFuture<WrkResult> run : runs) {
      logSum += Math.log(Math.max(run.join().requestsPerSecond(), 1e-3));
    }
    return Math.exp(logSum / runs.size());
  }

  private WrkResult wrk(BenchContext ctx, String url, Media media, long length, Duration d) {
    return ctx.wrk().ranges(url, media.size(), length, CONNECTIONS, THREADS, d);
  }

  private Map<String, Double> load(BenchContext ctx, String url, Media media,
      long length, boolean warmup, AtomicLong errors, String side) {
    Duration duration = warmup ? ctx.options().warmup() : ctx.options().trial();
    WrkResult result = wrk(ctx, url, media, length, duration);
    if (result.errors() > 0) {
      errors.addAndGet(result.errors());
      LOG.warn("{} {} ranges: {} errors in {} requests ({} non-2xx, {} timeouts){}", side,
          label(length), result.errors(), result.requests(), result.statusErrors(),
          result.timeouts(), warmup ? " during warm-up" : "");
    }
    return result.figures();
  }

  static String label(long length) {
    return length >= 1024 * 1024 ? (length >> 20) + " MiB" : (length >> 10) + " KiB";
  }

  private static double median(List<Double> values) {
    return Stats.of(values).median();
  }

  @Override
  public List<Tool> tools() {
    return List.of(Tool.WRK);
  }
}
