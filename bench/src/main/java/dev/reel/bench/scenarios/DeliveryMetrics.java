package dev.reel.bench.scenarios;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads figures off delivery's Prometheus endpoint (its edge cache counters). */
final class DeliveryMetrics {

  /** Delivery's origin latency timer, one sample per kind of origin request (get, head, range). */
  private static final String ORIGIN_LATENCY = "reel_delivery_cache_origin_latency_seconds";
  private static final String GETS = "request=\"get\"";
  /** Delivery's first byte timer: from a media request's arrival to its status line. */
  private static final String FIRST_BYTE = "reel_delivery_first_byte_seconds";
  private static final String MISSES = "cache=\"miss\"";

  private final HttpClient http;
  private final URI metrics;

  DeliveryMetrics(HttpClient http, URI delivery) {
    this.http = http;
    this.metrics = delivery.resolve("/metrics");
  }

  /** The sum of the samples of {@code name} whose labels contain {@code label}. */
  double value(String name, String label) throws IOException, InterruptedException {
    return sum(scrape(), name, label);
  }

  private String scrape() throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double sum(String text, String name, String label) {
    Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$")
        .matcher(text);
    double sum = 0;
    while (sample.find()) {
      if (sample.group(1).contains(label)) {
        sum += Double.parseDouble(sample.group(2));
      }
    }
    return sum;
  }

  /** Whole-object GETs delivery sent to S3 so far. */
  double originGets() throws IOException, InterruptedException {
    return value(ORIGIN_LATENCY + "_count", GETS);
  }

  /** Every request delivery sent to S3 so far: whole-object GETs, HEADs and ranges passed on. */
  double originRequests() throws IOException, InterruptedException {
    return value(ORIGIN_LATENCY + "_count", "");
  }

  /**
   * Delivery's whole-object GETs to S3 so far and their seconds in all, each timed from just
   * before it is signed to S3's response headers (its origin latency timer).
   */
  Totals originWaits() throws IOException, InterruptedException {
    return originWaitsIn(scrape());
  }

  /** The same, read off a scrape's text. */
  static Totals originWaitsIn(String text) {
    return timerIn(text, ORIGIN_LATENCY, GETS);
  }

  /**
   * The requests delivery answered by asking S3 so far (cache misses), and their seconds in all
   * from each one's arrival to its status line going out (its first byte timer).
   */
  Totals missFirstBytes() throws IOException, InterruptedException {
    return missFirstBytesIn(scrape());
  }

  /** The same, read off a scrape's text. */
  static Totals missFirstBytesIn(String text) {
    return timerIn(text, FIRST_BYTE, MISSES);
  }

  /** A timer's count and seconds off a scrape's text, over its samples labelled {@code label}. */
  private static Totals timerIn(String text, String timer, String label) {
    return new Totals(sum(text, timer + "_count", label), sum(text, timer + "_sum", label));
  }

  /** delivery.access records Kafka took so far. */
  double accessLogPublished() throws IOException, InterruptedException {
    return value("reel_delivery_access_log_published_total", "");
  }

  /** delivery.access records dropped so far because the buffer in front of Kafka was full. */
  double accessLogDropped() throws IOException, InterruptedException {
    return value("reel_delivery_access_log_dropped_total", "");
  }

  /**
   * How often delivery's JVM stopped for garbage collection so far, and for how long in all
   * (Micrometer's {@code jvm.gc.pause}: stop-the-world pauses, not concurrent work).
   */
  Totals gcPauses() throws IOException, InterruptedException {
    return timerIn(scrape(), "jvm_gc_pause_seconds", "");
  }

  /**
   * A timer's totals (Micrometer's {@code _count} and {@code _sum}): how many events, such as
   * collections or origin GETs, and their seconds in all.
   */
  record Totals(double count, double seconds) {

    /** The events since {@code before}. */
    Totals since(Totals before) {
      return new Totals(count - before.count, seconds - before.seconds);
    }

    /** The mean event in milliseconds; NaN if there were none. */
    double meanMillis() {
      return count > 0 ? seconds * 1000 / count : Double.NaN;
    }
  }

  /** Requests served by following a fill another request started. */
  double fillHits() throws IOException, InterruptedException {
    return value("reel_delivery_cache_hits_total", "level=\"fill\"");
  }
}
