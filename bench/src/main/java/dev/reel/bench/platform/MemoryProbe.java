package dev.reel.bench.platform;

import dev.reel.bench.measure.MemoryUse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what processes use: peak RSS from {@code /proc/<pid>/status} (VmHWM), the Java heap from
 * a service's {@code /metrics} or from {@code jcmd}. Peak RSS is reset per scenario by writing 5
 * to {@code /proc/<pid>/clear_refs} (Linux 4.0+, same user or root), so a scenario's peak is
 * its own and not an earlier scenario's.
 */
public final class MemoryProbe {

  private static final Logger LOG = LoggerFactory.getLogger(MemoryProbe.class);
  private static final double MIB = 1024.0 * 1024;
  private static final Pattern HEAP_INFO_USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final Pattern HISTOGRAM_TOTAL =
      Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

  private final HttpClient http;

  public MemoryProbe(HttpClient http) {
    this.http = http;
  }

  /** Resets the RSS high-water mark; false if the kernel or permissions do not allow it. */
  public boolean resetPeak(long pid) {
    try {
      Files.writeString(Path.of("/proc", String.valueOf(pid), "clear_refs"), "5");
      return true;
    } catch (IOException e) {
      LOG.debug("cannot reset the peak RSS of {}: {}", pid, e.toString());
      return false;
    }
  }

  /** VmHWM in MiB, or NaN if the process is gone. */
  public double peakRssMiB(long pid) {
    return statusKiB(pid, "VmHWM:") / 1024.0;
  }

  /** VmRSS in MiB, or NaN if the process is gone. */
  public double rssMiB(long pid) {
    return statusKiB(pid, "VmRSS:") / 1024.0;
  }

  /**
   * Forces a full GC in the process, then reads the heap in use: the live set, which is what
   * decides whether a service fits its memory, unlike the garbage-inflated "used" of any instant.
   */
  public Double heapAfterGcMiB(ServiceProcess process) {
    if (!process.jvm()) {
      return null;
    }
    if (process.metricsUrl() != null) {
      if (jcmd(process.pid(), "GC.run") == null) {
        return null;
      }
      double heap = heapUsedMiB(process.metricsUrl());
      return Double.isNaN(heap) ? null : heap;
    }
    // No /metrics (S3, Kafka): both commands in one attach, which costs a JVM start each.
    return heapUsedAfterGcMiB(process);
  }

  /**
   * The bytes of the objects alive now, from a class histogram ({@code jcmd GC.class_histogram}
   * forces a full GC and counts what survives): the live set exactly, even while the process
   * allocates fast. The heap in use read right after a GC is not, then: it already counts the
   * allocation buffers threads took since (G1 hands out TLABs of up to megabytes at once). Null
   * if the process is not a JVM or jcmd failed.
   */
  public Double liveObjectsMiB(ServiceProcess process) {
    if (!process.jvm()) {
      return null;
    }
    String histogram = jcmd(process.pid(), "GC.class_histogram");
    Double bytes = histogram == null ? null : histogramTotalBytes(histogram);
    return bytes == null ? null : bytes / MIB;
  }

  static Double histogramTotalBytes(String histogram) {
    Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
    return total.find() ? Double.valueOf(total.group(1)) : null;
  }

  /** A full GC, then the heap in use as the JVM reports it, in one attach; null if it failed. */
  private static Double heapUsedAfterGcMiB(ServiceProcess process) {
    String info = jcmd(process.pid(), "GC.run", "GC.heap_info");
    if (info != null) {
      Matcher used = HEAP_INFO_USED.matcher(info);
      if (used.find()) {
        return Long.parseLong(used.group(1)) / 1024.0;
      }
    }
    return null;
  }

  /** The sum of {@code jvm_memory_used_bytes{area="heap"}} over all pools, in MiB. */
  public double heapUsedMiB(String metricsUrl) {
    String text = metrics(metricsUrl);
    return text == null ? Double.NaN : heapUsedBytes(text) / MIB;
  }

  /**
   * The JVM's direct buffer pool in use ({@code jvm_buffer_memory_used_bytes{id="direct"}}), in
   * MiB: memory outside the heap, such as ingest's part buffers; NaN if unreadable.
   */
  public double directBuffersMiB(String metricsUrl) {
    String text = metrics(metricsUrl);
    return text == null ? Double.NaN : directBufferBytes(text) / MIB;
  }

  static double directBufferBytes(String prometheusText) {
    return sum(prometheusText, "jvm_buffer_memory_used_bytes{", "id=\"direct\"");
  }

  static double heapUsedBytes(String prometheusText) {
    return sum(prometheusText, "jvm_memory_used_bytes{", "area=\"heap\"");
  }

  private static double sum(String prometheusText, String metric, String label) {
    double sum = 0;
    for (String line : prometheusText.split("\n")) {
      if (line.startsWith(metric) && line.contains(label)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private String metrics(String metricsUrl) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metricsUrl))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  public MemoryUse measure(ServiceProcess process, boolean peakWasReset) {
    return new MemoryUse(process.name(), process.pid(), peakRssMiB(process.pid()),
        heapAfterGcMiB(process), !peakWasReset);
  }

  private static double statusKiB(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(field)) {
          return Double.parseDouble(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.debug("cannot read {} of {}: {}", field, pid, e.toString());
    }
    return Double.NaN;
  }

  /** Runs jcmd commands against {@code pid} in one attach; null if that failed. */
  private static String jcmd(long pid, String... commands) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    String binary = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
    Path script = null;
    try {
      ProcessBuilder builder;
      if (commands.length == 1) {
        builder = new ProcessBuilder(binary, String.valueOf(pid), commands[0]);
      } else {
        script = Files.createTempFile("reel-bench-jcmd", ".txt");
        Files.writeString(script, String.join("\n", commands) + "\n");
        builder = new ProcessBuilder(binary, String.valueOf(pid), "-f", script.toString());
      }
      Process p = builder.redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        LOG.warn("jcmd {} {} failed: {}", pid, String.join(",", commands), out.trim());
        return null;
      }
      return out;
    } catch (IOException e) {
      LOG.warn("jcmd is not available ({}): no heap-after-GC figures", e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (script != null) {
        try {
          Files.deleteIfExists(script);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }
}
