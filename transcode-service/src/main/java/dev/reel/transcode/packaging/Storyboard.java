package dev.reel.transcode.packaging;

import java.util.Locale;

/**
 * A sprite sheet of thumbnails taken every {@code intervalSeconds}, laid out in a grid, and the
 * WebVTT track whose cues point into it ({@code storyboard.jpg#xywh=x,y,w,h}), as players'
 * scrubbing previews read it. At most {@link #MAX_TILES} tiles, so one sheet covers any length.
 */
public record Storyboard(double durationSeconds, double intervalSeconds, int tileWidth,
    int tileHeight, int columns, int rows, int tiles) {

  public static final int MAX_TILES = 100;
  static final int LONG_SIDE = 160;

  public static Storyboard plan(double durationSeconds, int width, int height) {
    double interval = Math.max(1.0, Math.ceil(durationSeconds / MAX_TILES));
    int tiles = Math.max(1, (int) Math.ceil(durationSeconds / interval));
    int tw;
    int th;
    if (width >= height) {
      tw = LONG_SIDE;
      th = even((double) LONG_SIDE * height / width);
    } else {
      th = LONG_SIDE;
      tw = even((double) LONG_SIDE * width / height);
    }
    int columns = Math.min(10, tiles);
    int rows = (tiles + columns - 1) / columns;
    return new Storyboard(durationSeconds, interval, tw, th, columns, rows, tiles);
  }

  /** The ffmpeg filter chain that turns the video into the sheet. */
  public String filter() {
    return String.format(Locale.ROOT, "fps=1/%.0f,scale=%d:%d,setsar=1,tile=%dx%d",
        intervalSeconds, tileWidth, tileHeight, columns, rows);
  }

  /** The WebVTT thumbnail track; {@code sheet} is the sprite's URI relative to the track. */
  public String webVtt(String sheet) {
    StringBuilder vtt = new StringBuilder("WEBVTT\n");
    for (int i = 0; i < tiles; i++) {
      double start = i * intervalSeconds;
      double end = Math.min((i + 1) * intervalSeconds, durationSeconds);
      if (end <= start) {
        break;
      }
      int x = (i % columns) * tileWidth;
      int y = (i / columns) * tileHeight;
      vtt.append('\n').append(timestamp(start)).append(" --> ").append(timestamp(end))
          .append('\n').append(sheet).append("#xywh=").append(x).append(',').append(y)
          .append(',').append(tileWidth).append(',').append(tileHeight).append('\n');
    }
    return vtt.toString();
  }

  static String timestamp(double seconds) {
    long millis = Math.round(seconds * 1000);
    return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", millis / 3_600_000,
        millis / 60_000 % 60, millis / 1000 % 60, millis % 1000);
  }

  private static int even(double value) {
    return Math.max(2, (int) Math.round(value / 2) * 2);
  }
}
