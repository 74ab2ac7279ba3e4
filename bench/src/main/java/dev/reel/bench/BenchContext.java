package dev.reel.bench;

import dev.reel.bench.platform.MemoryProbe;
import dev.reel.bench.platform.Platform;
import dev.reel.bench.reel.Fixtures;
import dev.reel.bench.reel.ReelClient;
import dev.reel.bench.tools.Wrk;
import dev.reel.common.s3.S3Settings;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** What a scenario gets to work with: the running platform, clients, tools and test data. */
public final class BenchContext {

  private final BenchOptions options;
  private final Platform platform;
  private final Path workDir;
  private final HttpClient http;
  private final ReelClient reel;
  private final Fixtures fixtures;
  private final MemoryProbe memory;
  private final Set<String> warmed = new HashSet<>();
  private Wrk wrk;

  BenchContext(BenchOptions options, Platform platform, Path workDir) {
    this.options = options;
    this.platform = platform;
    this.workDir = workDir;
    this.http = ReelClient.newHttpClient();
    this.reel = new ReelClient(http, platform.ingest(), platform.apiKey());
    this.fixtures = new Fixtures(workDir.resolve("files"), reel);
    this.memory = new MemoryProbe(http);
  }

  public BenchOptions options() {
    return options;
  }

  public Platform platform() {
    return platform;
  }

  /** The harness's scratch directory ({@code bench/work}, git-ignored). */
  public Path workDir() {
    return workDir;
  }

  public HttpClient http() {
    return http;
  }

  public ReelClient reel() {
    return reel;
  }

  public Fixtures fixtures() {
    return fixtures;
  }

  public MemoryProbe memory() {
    return memory;
  }

  public synchronized Wrk wrk() {
    if (wrk == null) {
      wrk = new Wrk(workDir);
    }
    return wrk;
  }

  /**
   * Runs {@code warmup} the first time {@code key} is asked for in this run: several scenarios
   * exercise the same service path, and warming the platform once is enough.
   */
  public void warmOnce(String key, WarmupTask warmup) throws Exception {
    synchronized (warmed) {
      if (!warmed.add(key)) {
        return;
      }
    }
    warmup.run();
  }

  /** A warm-up that may fail like a measurement can. */
  @FunctionalInterface
  public interface WarmupTask {
    void run() throws Exception;
  }

  /** Credentials for the platform's S3 server, as the services themselves are configured. */
  public S3Settings s3Settings() {
    return new S3Settings(Optional.of(platform.s3Endpoint()), "us-east-1", Platform.BUCKET,
        Optional.of(Platform.S3_ACCESS_KEY), Optional.of(platform.s3SecretKey()), true);
  }
}
