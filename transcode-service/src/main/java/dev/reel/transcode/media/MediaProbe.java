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

  /**
   * A video stream; {@code rotation} is in degrees, as the display matrix gives it; {@code
   * pixelAspect} is the width of a pixel over its height (its SAR: 64:45 for 16:9 PAL DVB in
   * 720x576, 4:3 for HDV's 1440x1080; 1 for square pixels); {@code index} is its number among
   * the input's streams, -1 when not known (the first video stream then).
   */
  public record VideoStream(String codec, int codedWidth, int codedHeight, double frameRate,
      int rotation, double pixelAspect, int index) {

    /** Square pixels, the first video stream. */
    public VideoStream(String codec, int codedWidth, int codedHeight, double frameRate,
        int rotation) {
      this(codec, codedWidth, codedHeight, frameRate, rotation, 1, -1);
    }

    public boolean quarterTurn() {
      return Math.abs(rotation) % 180 == 90;
    }

    /** As shown: rotated, and its pixels made square (wider, as players stretch them). */
    public int displayWidth() {
      return quarterTurn() ? codedHeight : squareWidth();
    }

    public int displayHeight() {
      return quarterTurn() ? squareWidth() : codedHeight;
    }

    private int squareWidth() {
      return pixelAspect > 0 && Math.abs(pixelAspect - 1) > 1e-3
          ? (int) Math.round(codedWidth * pixelAspect) : codedWidth;
    }

    /** The stream as an ffmpeg stream specifier of input 0. */
    public String specifier() {
      return index >= 0 ? "0:" + index : "0:v:0";
    }
  }

  /**
   * An audio stream. {@code startSeconds} is when its first sound is on the source's timeline:
   * 0 when it starts with the video (or first), 0.178 when a camera started it 178 ms after the
   * first frame, as its own edit list or first timestamp says. {@code index} is its number among
   * the input's streams, -1 when not known (the first audio stream then).
   */
  public record AudioStream(String codec, int sampleRate, int channels, double startSeconds,
      int index) {

    /** One taken to start with the source, as ffmpeg's description of its input cannot say. */
    public AudioStream(String codec, int sampleRate, int channels) {
      this(codec, sampleRate, channels, 0, -1);
    }

    /** The stream as an ffmpeg stream specifier of input 0. */
    public String specifier() {
      return index >= 0 ? "0:" + index : "0:a:0";
    }
  }

  /** The same, lasting {@code seconds}. */
  public MediaProbe withDuration(double seconds) {
    return new MediaProbe(container, seconds, video, audio);
  }

  /** The same, its audio starting {@code seconds} into the source's timeline. */
  public MediaProbe withAudioStart(double seconds) {
    return new MediaProbe(container, durationSeconds, video, audio.map(a ->
        new AudioStream(a.codec(), a.sampleRate(), a.channels(), seconds, a.index())));
  }
}
