package dev.reel.transcode.media;

import java.util.Optional;

/**
 * What a source holds, as far as transcoding cares: its duration and its first video and audio
 * streams. Width and height are as displayed, after any rotation the container asks for.
 * Times are on the source's timeline as ffmpeg reads it, which starts at the earliest stream's
 * first timestamp.
 */
public record MediaProbe(
    String container,
    double durationSeconds,
    Optional<VideoStream> video,
    Optional<AudioStream> audio) {

  /** A video stream; {@code rotation} is in degrees, as the display matrix gives it. */
  public record VideoStream(String codec, int codedWidth, int codedHeight, double frameRate,
      int rotation) {

    public boolean quarterTurn() {
      return Math.abs(rotation) % 180 == 90;
    }

    public int displayWidth() {
      return quarterTurn() ? codedHeight : codedWidth;
    }

    public int displayHeight() {
      return quarterTurn() ? codedWidth : codedHeight;
    }
  }

  /**
   * An audio stream. {@code startSeconds} is when its first sound is on the source's timeline:
   * 0 when it starts with the video (or first), 0.178 when a camera started it 178 ms after the
   * first frame, as its own edit list or first timestamp says.
   */
  public record AudioStream(String codec, int sampleRate, int channels, double startSeconds) {

    /** One taken to start with the source, as ffmpeg's description of its input cannot say. */
    public AudioStream(String codec, int sampleRate, int channels) {
      this(codec, sampleRate, channels, 0);
    }
  }

  /** The same, its audio starting {@code seconds} into the source's timeline. */
  public MediaProbe withAudioStart(double seconds) {
    return new MediaProbe(container, durationSeconds, video, audio.map(a ->
        new AudioStream(a.codec(), a.sampleRate(), a.channels(), seconds)));
  }
}
