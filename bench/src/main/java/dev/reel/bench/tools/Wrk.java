package dev.reel.bench.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * wrk driving random single-range GETs. A C load generator with its own event loop costs far less
 * CPU per request than a JVM client would, which matters on two cores where the client competes
 * with the servers it measures (it does so equally for both sides of a comparison).
 */
public final class Wrk {

  private static final Logger LOG = LoggerFactory.getLogger(Wrk.class);

  /**
   * Random first byte in [0, size-len], one {@code Range: bytes=a-b} per request, and a
   * {@code done} hook that prints the summary as one JSON line for the harness to parse.
   * Latency percentiles come from wrk's own HdrHistogram, in microseconds.
   */
  static final String RANGES_LUA = """
      -- Written by the Reel benchmark harness (dev.reel.bench.tools.Wrk): random byte ranges.
      local threads = 0
      function setup(thread)
        threads = threads + 1
        thread:set("thread_number", threads)
      end

      local size, len
      function init(args)
        size = tonumber(args[1])
        len = tonumber(args[2])
        math.randomseed(os.time() * 1000 + (thread_number or 0))
      end

      function request()
        local first = math.random(0, size - len)
        return wrk.format(nil, nil, { ["Range"] = string.format("bytes=%d-%d", first, first + len - 1) })
      end

      function done(summary, latency, requests)
        local e = summary.errors
        io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,'
          .. '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,'
          .. '"p50_us":%d,"p99_us":%d,"max_us":%d}\\n',
          summary.requests, summary.duration, summary.bytes,
          e.connect, e.read, e.write, e.status, e.timeout,
          latency:percentile(50), latency:percentile(99), latency.max))
      end
      """;

  private final Path binary;
  private final Path script;

  public Wrk(Path workDir) {
    this.binary = Apt.require(Tool.WRK);
    this.script = workDir.resolve("wrk-ranges.lua");
    try {
      Files.createDirectories(workDir);
      Files.writeString(script, RANGES_LUA);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + script, e);
    }
  }

  /**
   * Requests random {@code rangeLength}-byte ranges of a {@code fileSize}-byte object at
   * {@code url} for {@code duration}. The URL may carry a query string (a presigned S3 URL):
   * wrk keeps it as the request path.
   */
  public WrkResult ranges(String url, long fileSize, long rangeLength, int connections,
      int threads, Duration duration) {
    List<String> command = List.of(binary.toString(),
        "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s",
        // Slow answers count in the latency figures instead of vanishing as timeouts.
        "--timeout", "10s",
        "-s", script.toString(), url, "--", String.valueOf(fileSize),
        String.valueOf(rangeLength));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("wrk did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("wrk exited with " + process.exitValue() + ":\n" + out);
      }
      LOG.debug("wrk output:\n{}", out);
      return WrkResult.parse(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run wrk", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while wrk ran", e);
    }
  }
}
