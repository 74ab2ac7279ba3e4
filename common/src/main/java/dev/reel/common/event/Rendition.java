package dev.reel.common.event;

/** One rung of an adaptive-bitrate ladder as it landed in storage. */
public record Rendition(
    String name,
    int width,
    int height,
    long bandwidth,
    String codecs,
    String playlistKey) {
}
