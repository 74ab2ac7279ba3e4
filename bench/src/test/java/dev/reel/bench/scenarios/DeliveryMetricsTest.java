package dev.reel.bench.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeliveryMetricsTest {

  /** As delivery's /metrics shows its origin latency timer (Micrometer, Prometheus format). */
  private static String scrape(long gets, double getSeconds, long heads, double headSeconds) {
    return String.join("\n",
        "# HELP reel_delivery_cache_origin_latency_seconds Time to the origin's response headers",
        "# TYPE reel_delivery_cache_origin_latency_seconds summary",
        "reel_delivery_cache_origin_latency_seconds_count{request=\"get\",service=\"delivery\"} "
            + gets,
        "reel_delivery_cache_origin_latency_seconds_sum{request=\"get\",service=\"delivery\"} "
            + getSeconds,
        "reel_delivery_cache_origin_latency_seconds_count{request=\"head\",service=\"delivery\"} "
            + heads,
        "reel_delivery_cache_origin_latency_seconds_sum{request=\"head\",service=\"delivery\"} "
            + headSeconds,
        "reel_delivery_cache_origin_latency_seconds_max{request=\"get\",service=\"delivery\"} 0.08",
        "");
  }

  @Test
  void meanOriginWaitCountsOnlyTheGetsBetweenTwoScrapes() {
    DeliveryMetrics.Totals before = DeliveryMetrics.originWaitsIn(scrape(3200, 6.5, 7, 0.29));
    DeliveryMetrics.Totals after = DeliveryMetrics.originWaitsIn(scrape(3380, 6.68, 9, 0.79));

    assertEquals(180, after.since(before).count());
    // 0.18 s over 180 GETs; the HEADs and the max gauge are not GETs' waits.
    assertEquals(1.0, after.since(before).meanMillis(), 1e-9);
  }

  @Test
  void missFirstByteCountsOnlyMissesBetweenTwoScrapes() {
    DeliveryMetrics.Totals before = DeliveryMetrics.missFirstBytesIn(firstBytes(6000, 9.0, 40));
    DeliveryMetrics.Totals after = DeliveryMetrics.missFirstBytesIn(firstBytes(6180, 9.36, 900));

    assertEquals(180, after.since(before).count());
    // 0.36 s over 180 misses; hits and the max gauge are not misses' first bytes.
    assertEquals(2.0, after.since(before).meanMillis(), 1e-9);
  }

  /** As delivery's /metrics shows its first byte timer. */
  private static String firstBytes(long misses, double missSeconds, long hits) {
    return String.join("\n",
        "# TYPE reel_delivery_first_byte_seconds summary",
        "reel_delivery_first_byte_seconds_count{cache=\"hit\",service=\"delivery\"} " + hits,
        "reel_delivery_first_byte_seconds_sum{cache=\"hit\",service=\"delivery\"} 0.5",
        "reel_delivery_first_byte_seconds_count{cache=\"miss\",service=\"delivery\"} " + misses,
        "reel_delivery_first_byte_seconds_sum{cache=\"miss\",service=\"delivery\"} "
            + missSeconds,
        "reel_delivery_first_byte_seconds_max{cache=\"miss\",service=\"delivery\"} 0.02",
        "");
  }

  @Test
  void noGetsBetweenTwoScrapesHasNoMean() {
    DeliveryMetrics.Totals once = DeliveryMetrics.originWaitsIn(scrape(12, 0.02, 1, 0.01));

    assertEquals(0, once.since(once).count());
    assertTrue(Double.isNaN(once.since(once).meanMillis()));
  }
}
