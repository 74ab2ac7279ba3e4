package dev.reel.transcode.ffmpeg;

import dev.reel.transcode.job.TranscodeBackend;
import dev.reel.transcode.ladder.LadderPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an encode's progress into per-rendition and whole-job fractions. Each rendition weighs
 * what it costs to encode (pixels per second); the audio track and the thumbnails weigh a
 * token amount, so an audio-only job still moves from 0 to 100.
 */
final class Progress {

  static final String THUMBNAILS = "thumbnails";

  private final TranscodeBackend.ProgressSink sink;
  private final Map<String, Double> weights = new LinkedHashMap<>();
  private final Map<String, Double> done = new LinkedHashMap<>();
  private final double total;

  Progress(LadderPlan plan, TranscodeBackend.ProgressSink sink) {
    this.sink = sink;
    double token = plan.video().isEmpty() ? 1 : plan.totalWeight() * 0.02;
    plan.video().forEach(v -> weights.put(v.name(), v.weight()));
    plan.audio().ifPresent(a -> weights.put(a.name(), token));
    if (!plan.video().isEmpty()) {
      weights.put(THUMBNAILS, token);
    }
    weights.keySet().forEach(name -> done.put(name, 0.0));
    total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /**
   * How much of a rendition is done when {@code finished} of its segments are final: never all
   * of it, which only the end of the encode says.
   */
  static double fromSegments(int finished, int segmentSeconds, double durationSeconds) {
    if (durationSeconds <= 0) {
      return 0;
    }
    return Math.min(0.99, finished * (double) segmentSeconds / durationSeconds);
  }

  synchronized void update(List<String> renditions, double fraction) {
    for (String name : renditions) {
      if (done.containsKey(name)) {
        done.put(name, Math.max(done.get(name), fraction));
      }
    }
    double overall = 0;
    for (var entry : weights.entrySet()) {
      overall += entry.getValue() * done.get(entry.getKey());
    }
    overall = total > 0 ? overall / total : 0;
    for (String name : renditions) {
      sink.progress(name, done.getOrDefault(name, fraction), overall);
    }
  }
}
