package dev.reel.transcode.mediaconvert;

import dev.reel.transcode.job.JobFailure;
import dev.reel.transcode.media.MediaProbe;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.mediaconvert.model.AudioProperties;
import software.amazon.awssdk.services.mediaconvert.model.Container;
import software.amazon.awssdk.services.mediaconvert.model.FrameRate;
import software.amazon.awssdk.services.mediaconvert.model.ProbeResponse;
import software.amazon.awssdk.services.mediaconvert.model.ProbeResult;
import software.amazon.awssdk.services.mediaconvert.model.Track;
import software.amazon.awssdk.services.mediaconvert.model.TrackType;
import software.amazon.awssdk.services.mediaconvert.model.VideoProperties;

/**
 * Reads MediaConvert's {@code Probe} answer into the {@link MediaProbe} the ladder is planned
 * from, so both backends choose the same rungs. Probe reports frames as stored: it has no
 * rotation, so a source stored sideways is planned as stored (the job still turns it upright,
 * see {@link JobSpec}).
 */
final class ProbeResults {

  private ProbeResults() {
  }

  static MediaProbe toMediaProbe(ProbeResponse response) {
    ProbeResult result = response.hasProbeResults() && !response.probeResults().isEmpty()
        ? response.probeResults().get(0) : null;
    Container container = result == null ? null : result.container();
    if (container == null || !container.hasTracks()) {
      throw new JobFailure(JobFailure.UNSUPPORTED_MEDIA,
          "MediaConvert's probe found no container or no tracks: not a media format it reads",
          false);
    }
    Optional<MediaProbe.VideoStream> video = container.tracks().stream()
        .filter(t -> t.trackType() == TrackType.VIDEO && t.videoProperties() != null)
        .map(ProbeResults::video)
        .filter(v -> v.codedWidth() > 0 && v.codedHeight() > 0)
        .findFirst();
    Optional<MediaProbe.AudioStream> audio = container.tracks().stream()
        .filter(t -> t.trackType() == TrackType.AUDIO)
        .map(ProbeResults::audio)
        .findFirst();
    if (video.isEmpty() && audio.isEmpty()) {
      throw new JobFailure(JobFailure.UNSUPPORTED_MEDIA,
          "MediaConvert's probe found neither a video nor an audio track", false);
    }
    double duration = container.duration() != null ? container.duration()
        : container.tracks().stream().filter(t -> t.duration() != null)
            .mapToDouble(Track::duration).max().orElse(0);
    String format = container.format() != null ? container.formatAsString()
        .toLowerCase(Locale.ROOT) : "unknown";
    return new MediaProbe(format, duration, video, audio);
  }

  private static MediaProbe.VideoStream video(Track track) {
    VideoProperties props = track.videoProperties();
    return new MediaProbe.VideoStream(codec(track), orZero(props.width()),
        orZero(props.height()), rate(props.frameRate()), 0);
  }

  private static MediaProbe.AudioStream audio(Track track) {
    AudioProperties props = track.audioProperties();
    int sampleRate = props != null && props.sampleRate() != null ? props.sampleRate() : 48000;
    int channels = props != null && props.channels() != null ? props.channels() : 2;
    return new MediaProbe.AudioStream(codec(track), sampleRate, channels);
  }

  private static String codec(Track track) {
    return track.codec() != null ? track.codecAsString().toLowerCase(Locale.ROOT) : "unknown";
  }

  /** Frames per second; 0 when Probe does not say. */
  static double rate(FrameRate rate) {
    if (rate == null || rate.numerator() == null || rate.denominator() == null
        || rate.denominator() <= 0) {
      return 0;
    }
    return (double) rate.numerator() / rate.denominator();
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
