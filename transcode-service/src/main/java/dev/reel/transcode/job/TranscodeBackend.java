package dev.reel.transcode.job;

import dev.reel.common.event.Rendition;
import java.util.List;

/**
 * Turns one original into renditions under {@code renditions/{assetId}/}: the local ffmpeg
 * workers or AWS MediaConvert. Called on a transcode worker thread; may block for the length of
 * the job, and must give up promptly when that thread is interrupted.
 */
public interface TranscodeBackend {

  String name();

  Outcome transcode(Request request, ProgressSink progress) throws InterruptedException;

  /** What to transcode; {@code prefix} is where every output key starts. */
  record Request(String assetId, String jobId, String sourceKey, long sourceBytes,
      String prefix) {
  }

  /** One object the job wrote. */
  record Output(String key, long bytes) {
  }

  /** What landed, keys absolute in the bucket; poster and storyboard are null for audio. */
  record Outcome(String hlsMasterKey, String dashManifestKey, String posterKey,
      String storyboardKey, List<Rendition> renditions, double durationSeconds,
      long timeToFirstPlayableMs, List<Output> outputs) {
  }

  /** Where a backend reports how far it got; thread-safe. */
  interface ProgressSink {
    /** {@code fraction} of {@code rendition} is done (0..1); {@code overall} of the job. */
    void progress(String rendition, double fraction, double overall);

    /** The asset can be played from now on (the first renditions and the manifests are in). */
    void playable();
  }
}
