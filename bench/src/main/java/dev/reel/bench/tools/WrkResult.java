package dev.reel.bench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one wrk run measured, from the JSON line the harness's Lua {@code done} hook prints.
 *
 * @param errors socket errors (connect, read, write, timeout) plus responses that were not 2xx
 *     or 3xx ({@code summary.errors.status})
 */
public record WrkResult(long requests, double seconds, long bytes, long errors,
    long statusErrors, long timeouts, double p50Millis, double p99Millis) {

  static final String MARKER = "WRKJSON ";
  private static final ObjectMapper JSON = new ObjectMapper();

  public double requestsPerSecond() {
    return seconds == 0 ? 0 : requests / seconds;
  }

  /** Payload throughput in MB/s (10^6 bytes), headers included as wrk counts them. */
  public double megabytesPerSecond() {
    return seconds == 0 ? 0 : bytes / seconds / 1e6;
  }

  /** The figures an A/B round records. */
  public Map<String, Double> figures() {
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("rps", requestsPerSecond());
    figures.put("p50", p50Millis);
    figures.put("p99", p99Millis);
    figures.put("requests", (double) requests);
    figures.put("errors", (double) errors);
    figures.put("non2xx", (double) statusErrors);
    figures.put("timeouts", (double) timeouts);
    return figures;
  }

  /** Finds and parses the marker line in wrk's standard output. */
  public static WrkResult parse(String stdout) {
    for (String line : stdout.split("\n")) {
      int at = line.indexOf(MARKER);
      if (at >= 0) {
        try {
          JsonNode json = JSON.readTree(line.substring(at + MARKER.length()));
          long status = json.path("status").asLong();
          long timeouts = json.path("timeout").asLong();
          long errors = json.path("connect").asLong() + json.path("read").asLong()
              + json.path("write").asLong() + timeouts + status;
          return new WrkResult(json.path("requests").asLong(),
              json.path("duration_us").asDouble() / 1e6, json.path("bytes").asLong(), errors,
              status, timeouts, json.path("p50_us").asDouble() / 1000.0,
              json.path("p99_us").asDouble() / 1000.0);
        } catch (IOException e) {
          throw new IllegalStateException("wrk printed a result line that is not JSON: " + line,
              e);
        }
      }
    }
    throw new IllegalStateException("wrk printed no result line; its output was:\n" + stdout);
  }
}
