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
  void noGetsBetweenTwoScrapesHasNoMean() {
    DeliveryMetrics.Totals once = DeliveryMetrics.originWaitsIn(scrape(12, 0.02, 1, 0.01));

    assertEquals(0, once.since(once).count());
    assertTrue(Double.isNaN(once.since(once).meanMillis()));
  }
}
