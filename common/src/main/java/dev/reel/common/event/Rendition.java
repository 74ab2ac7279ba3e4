package dev.reel.common.event;

/**
 * One rendition of an adaptive-bitrate ladder as it landed in storage: a video rung, or the
 * audio track that every video rung plays with.
 */
public record Rendition(
    String name,
    String type,
    int width,
    int height,
    double frameRate,
    long bandwidth,
    long averageBandwidth,
    String codecs,
    String playlistKey) {

  public static final String VIDEO = "video";
  public static final String AUDIO = "audio";
}
