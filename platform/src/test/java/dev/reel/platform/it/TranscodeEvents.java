package dev.reel.platform.it;

import static dev.reel.platform.it.Http.eventually;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.event.EventCodec;
import dev.reel.common.event.Topic;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import java.time.Duration;

/** How a test waits for the end of an asset's transcode, whichever backend runs it. */
final class TranscodeEvents {

  private TranscodeEvents() {
  }

  /** The asset's {@code transcode.completed}; fails the test if a failure came instead. */
  static TranscodeCompleted completed(String assetId, Duration within) {
    eventually(within, "transcode.completed for " + assetId,
        () -> !TestTopics.events(Topic.TRANSCODE_COMPLETED, assetId).isEmpty()
            || !TestTopics.events(Topic.TRANSCODE_FAILED, assetId).isEmpty());
    var failures = TestTopics.events(Topic.TRANSCODE_FAILED, assetId);
    assertTrue(failures.isEmpty(), () -> "failed: " + failures.values().stream()
        .map(e -> EventCodec.decode(e, TranscodeFailed.class).data()).toList());
    return EventCodec.decode(TestTopics.events(Topic.TRANSCODE_COMPLETED, assetId).values()
        .iterator().next(), TranscodeCompleted.class).data();
  }

  /** The asset's first {@code transcode.failed}, waited for up to a minute. */
  static TranscodeFailed failed(String assetId) {
    eventually(Duration.ofSeconds(60), "transcode.failed for " + assetId,
        () -> !TestTopics.events(Topic.TRANSCODE_FAILED, assetId).isEmpty());
    return EventCodec.decode(TestTopics.events(Topic.TRANSCODE_FAILED, assetId).values()
        .iterator().next(), TranscodeFailed.class).data();
  }
}
