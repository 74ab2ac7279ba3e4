package dev.reel.ingest.domain;

import dev.reel.common.event.UploadMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The upload counters every way in counts in, each with its help text. */
public final class UploadCounters {

  private UploadCounters() {
  }

  /** An upload stored and announced: {@code reel_uploads_total} and its bytes. */
  public static void stored(MeterRegistry registry, UploadMode mode, long bytes) {
    uploads(registry, mode, "stored").increment();
    Counter.builder("reel.upload.bytes").description("bytes of uploads stored and announced")
        .register(registry).increment(bytes);
  }

  /** An upload refused or withdrawn: nothing of it stays. */
  public static void rejected(MeterRegistry registry, UploadMode mode) {
    uploads(registry, mode, "rejected").increment();
  }

  private static Counter uploads(MeterRegistry registry, UploadMode mode, String outcome) {
    return Counter.builder("reel.uploads").tags("mode", mode.wireName(), "outcome", outcome)
        .description("uploads finished, by way in and outcome").register(registry);
  }
}
