package dev.reel.transcode.mediaconvert;

import dev.reel.transcode.config.MediaConvertSettings;
import dev.reel.transcode.job.TranscodeBackend;
import dev.reel.transcode.ladder.LadderPlan;
import dev.reel.transcode.ladder.LadderProfile;
import dev.reel.transcode.media.MediaProbe;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;

/** The documented example: the default ladder on a 60 s 1080p30 clip with stereo audio. */
final class Fixtures {

  static final String ASSET = "01jf8zqv7m3k9x2c4d6e8g0h1n";
  static final String JOB = "01jf8zqw0a1b2c3d4e5f6g7h8j";
  static final String ROLE = "arn:aws:iam::111122223333:role/ReelMediaConvert";
  static final LadderProfile PROFILE = new LadderProfile(
      LadderProfile.parseRungs("ladder", LadderProfile.DEFAULT_RUNGS), 128, 4, "veryfast");
  static final MediaConvertSettings SETTINGS = new MediaConvertSettings(Optional.empty(),
      "eu-west-1", ROLE, Optional.empty(), Duration.ofSeconds(5));
  static final OutputNames NAMES = new OutputNames("reel", "renditions/" + ASSET + "/");
  static final TranscodeBackend.Request REQUEST = new TranscodeBackend.Request(ASSET, JOB,
      "originals/" + ASSET + "/source", 52_428_800, "renditions/" + ASSET + "/");

  private Fixtures() {
  }

  static MediaProbe probe(int width, int height, double fps, boolean audio) {
    return new MediaProbe("mp4", 60,
        width > 0 ? Optional.of(new MediaProbe.VideoStream("avc", width, height, fps, 0))
            : Optional.empty(),
        audio ? Optional.of(new MediaProbe.AudioStream("aac", 48000, 2)) : Optional.empty());
  }

  static LadderPlan plan(int width, int height, double fps, boolean audio) {
    return LadderPlan.of(probe(width, height, fps, audio), PROFILE);
  }

  static CreateJobRequest createJob(LadderPlan plan) {
    return JobSpec.createJob(REQUEST, plan, NAMES, SETTINGS);
  }

  /** The README's example. */
  static CreateJobRequest example() {
    return createJob(plan(1920, 1080, 30, true));
  }
}
