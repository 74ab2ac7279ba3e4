package dev.reel.bench;

import dev.reel.bench.measure.MemoryUse;
import dev.reel.bench.measure.ScenarioResult;
import dev.reel.bench.platform.Platform;
import dev.reel.bench.platform.Ports;
import dev.reel.bench.platform.ServiceLogs;
import dev.reel.bench.platform.ServiceProcess;
import dev.reel.bench.platform.Snapshot;
import dev.reel.bench.report.Carryover;
import dev.reel.bench.report.Machine;
import dev.reel.bench.report.PreviousReport;
import dev.reel.bench.report.Report;
import dev.reel.bench.report.ReportedScenario;
import dev.reel.bench.report.RunInfo;
import dev.reel.bench.report.RunStamp;
import dev.reel.bench.tools.Apt;
import dev.reel.bench.tools.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./reel bench [--quick] [scenario...]}: starts the platform, runs each scenario against
 * Reel and its anchor, records memory around each, and writes {@code BENCHMARKS.md} and
 * {@code bench/results/latest.json}.
 */
public final class BenchMain {

  static {
    // reel-common ships the services' logback.xml; the harness has its own, quieter one. This
    // runs before the first logger is created.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-bench.xml");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

  private static final String USAGE = """
      usage: ./reel bench [--quick] [--rounds N] [--duration SECONDS] [scenario...]
             ./reel bench --list

        --quick       a sanity check, a few minutes: 2 rounds of 4 s, 256 MiB uploads
        (default)     the full run, 20-30 minutes: 5 rounds of 15 s, 1 GiB uploads and one
                      of 2 GiB per upload route
        --rounds N    measured rounds per side (after one discarded warm-up round)
        --duration S  seconds per timed load run (one side, one round)
        scenario      run only these (default: all); --list shows them

      Writes BENCHMARKS.md and bench/results/latest.json. A run of some scenarios keeps the
      others' figures from the last report of the same mode, marked with the run they come
      from. When every scenario in the report comes from a full run, the summary in README.md
      is refreshed too. Work files live in bench/work/ (git-ignored).
      """;

  private BenchMain() {
  }

  public static void main(String[] args) {
    List<String> arguments = Arrays.asList(args);
    if (arguments.contains("-h") || arguments.contains("--help")) {
      System.out.print(USAGE);
      return;
    }
    if (arguments.contains("--list")) {
      Scenarios.ALL.forEach(s -> System.out.printf("%-15s %s%n", s.id(), s.title()));
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(arguments);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(64);
      return;
    }
    try {
      System.exit(run(options, Home.find()));
    } catch (RuntimeException e) {
      LOG.error("bench: {}", e.getMessage(), e);
      System.exit(1);
    }
  }

  private static int run(BenchOptions options, Path home) {
    Instant started = Instant.now();
    long begin = System.nanoTime();
    Machine machine = Machine.current();
    Path workDir = home.resolve("bench/work");
    List<Scenario> scenarios = options.selected();
    LOG.info("{} run of {} on {}", options.mode(),
        String.join(", ", scenarios.stream().map(Scenario::id).toList()), machine.describe());

    Set<Tool> tools = new LinkedHashSet<>();
    scenarios.forEach(s -> tools.addAll(s.tools()));
    Apt.ensure(tools);

    Path runtime = Snapshot.take(home, workDir.resolve("app/platform"));
    Platform platform = Platform.start(runtime, workDir.resolve("data"), Ports.DEFAULT,
        workDir.resolve("platform.log"));
    // Ctrl-C must not leave a platform (and its six JVMs) or an nginx behind.
    Thread cleanup = new Thread(() -> stopChildren(platform), "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    List<ScenarioResult> results = new ArrayList<>();
    try {
      BenchContext ctx = new BenchContext(options, platform, workDir);
      for (Scenario scenario : scenarios) {
        results.add(runScenario(ctx, scenario));
      }
    } finally {
      platform.close();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway and finds the platform stopped
      }
    }

    double wall = (System.nanoTime() - begin) / 1e9;
    RunInfo run = new RunInfo(options.mode(), started, wall, Git.describe(home),
        settings(options), machine, Machine.loadAverage());
    Path json = home.resolve("bench/results/latest.json");
    List<String> registered = Scenarios.ALL.stream().map(Scenario::id).toList();
    // A run of some scenarios keeps the others' figures from the last report of its mode.
    List<ReportedScenario> reported = Carryover.merge(registered, results, RunStamp.of(run),
        scenarios.size() == registered.size() ? List.of() : PreviousReport.read(json));
    Report report = new Report(run, reported);
    try {
      report.writeMarkdown(home.resolve("BENCHMARKS.md"));
      report.writeJson(json);
      if (!options.quick() && report.completeFullReport(registered)
          && report.updateReadme(home.resolve("README.md"))) {
        LOG.info("README.md: benchmark summary updated");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the report: " + e.getMessage(), e);
    }
    long failed = results.stream().filter(r -> r.error() != null).count();
    System.out.printf("%nbench: %s run done in %.0f s; wrote BENCHMARKS.md and "
        + "bench/results/latest.json%s%n", options.mode(), wall,
        failed == 0 ? "" : " (" + failed + " scenario(s) failed: see the report)");
    return failed == 0 ? 0 : 1;
  }

  private static ScenarioResult runScenario(BenchContext ctx, Scenario scenario) {
    LOG.info("=== {}: {}", scenario.id(), scenario.title());
    List<ServiceProcess> processes = ctx.platform().processes();
    Map<Long, Boolean> reset = new HashMap<>();
    processes.forEach(p -> reset.put(p.pid(), ctx.memory().resetPeak(p.pid())));
    ServiceLogs logs = ServiceLogs.mark(ctx.platform().dataDir().resolve("logs"));
    ScenarioResult.Builder out = new ScenarioResult.Builder();
    long begin = System.nanoTime();
    String error = null;
    try {
      scenario.run(ctx, out);
    } catch (Exception e) {
      LOG.error("{} failed: {}", scenario.id(), e.toString(), e);
      error = e.toString();
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    for (String line : logs.summary()) {
      LOG.warn("{}: {}", scenario.id(), line);
      out.note(line);
    }
    // jcmd attaches take a moment each: measure the processes in parallel.
    List<CompletableFuture<MemoryUse>> measured = processes.stream()
        .map(p -> CompletableFuture.supplyAsync(() -> ctx.memory().measure(p, reset.get(p.pid()))))
        .toList();
    List<MemoryUse> memory = new ArrayList<>();
    measured.forEach(f -> memory.add(f.join()));
    memory.addAll(out.memory());
    LOG.info("=== {} done in {} s", scenario.id(), Math.round(seconds));
    return new ScenarioResult(scenario.id(), scenario.title(), scenario.description(),
        out.rows(), out.notes(), memory, out.figures(), seconds, error);
  }

  private static String settings(BenchOptions options) {
    return String.format("%s mode: per side %d measured round%s of %d s after a %d s warm-up "
            + "round (discarded), Reel and anchor interleaved; ranges with wrk at 64 "
            + "connections; uploads of %d MiB, %d rounds per side, then one of %d MiB for the "
            + "heap; %d event-latency uploads; delivery serves media unsigned "
            + "(REEL_DELIVERY_PUBLIC_ASSETS=%s), as its anchors do.",
        options.mode(), options.rounds(), options.rounds() == 1 ? "" : "s",
        options.trial().toSeconds(), options.warmup().toSeconds(), options.uploadBytes() >> 20,
        options.uploadRounds(), options.heapUploadBytes() >> 20, options.eventUploads(),
        Platform.PUBLIC_ASSETS);
  }

  /** Shutdown hook: the platform first (it stops its own children), then anything else. */
  private static void stopChildren(Platform platform) {
    platform.close();
    ProcessHandle.current().children().forEach(child -> {
      child.destroy();
      child.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> {
        child.destroyForcibly();
        return null;
      }).join();
    });
  }

  /** Locates the project root: {@code -Dreel.home}, the jar's location, or the working dir. */
  static final class Home {
    private Home() {
    }

    static Path find() {
      String configured = System.getProperty("reel.home");
      if (configured != null && !configured.isBlank()) {
        return Path.of(configured).toAbsolutePath().normalize();
      }
      List<Path> starts = new ArrayList<>();
      try {
        starts.add(Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation()
            .toURI()).toAbsolutePath());
      } catch (Exception e) {
        // not from a jar: fall back on the working directory
      }
      starts.add(Path.of("").toAbsolutePath());
      for (Path start : starts) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
          if (Files.isRegularFile(dir.resolve("bench/pom.xml"))
              && Files.isDirectory(dir.resolve("platform"))) {
            return dir;
          }
        }
      }
      throw new IllegalStateException("cannot find the Reel project root (with bench/ and "
          + "platform/); run from the project or set -Dreel.home");
    }
  }

  /** The commit measured, so that a figure can be traced to the code that produced it. */
  static final class Git {
    private Git() {
    }

    static String describe(Path home) {
      String commit = run(home, "git", "rev-parse", "--short", "HEAD");
      if (commit == null || commit.isBlank()) {
        return "unknown";
      }
      String status = run(home, "git", "status", "--porcelain", "--untracked-files=no");
      return commit.trim() + (status != null && !status.isBlank() ? " + local changes" : "");
    }

    private static String run(Path dir, String... command) {
      try {
        Process process = new ProcessBuilder(command).directory(dir.toFile())
            .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : null;
      } catch (IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }
}
