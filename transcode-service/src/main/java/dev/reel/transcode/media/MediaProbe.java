package dev.reel.transcode.media;

import java.util.Optional;

/**
 * What a source holds, as far as transcoding cares: its duration and its first video and audio
 * streams. Width and height are as displayed, after any rotation the container asks for.
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

  public record AudioStream(String codec, int sampleRate, int channels) {
  }
}
