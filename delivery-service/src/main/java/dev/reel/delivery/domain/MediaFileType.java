package dev.reel.delivery.domain;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a file of the transcode outputs is, decided by its name: the content type players expect
 * (whatever type the object was stored with), and its kind, which decides how long it may be
 * cached ({@link CachePolicy}) and whether it may be compressed.
 */
public record MediaFileType(Optional<String> contentType, Kind kind) {

  /** The kinds of file a transcode writes. */
  public enum Kind {
    /**
     * HLS playlists, the DASH manifest, the job manifest: small text that changes while a job
     * runs (renditions are added once the asset is playable).
     */
    MANIFEST,
    /** WebVTT tracks (the storyboard's): small text written once per job. */
    TEXT_TRACK,
    /** Initialisation and media segments: written once per job, never changed. */
    SEGMENT,
    /** Poster and storyboard images: written once per job. */
    IMAGE,
    /** Anything else under the asset's folder. */
    OTHER
  }

  private record Known(String contentType, Kind kind) {
  }

  private static final Map<String, Known> BY_EXTENSION = Map.of(
      "m3u8", new Known("application/vnd.apple.mpegurl", Kind.MANIFEST),
      "mpd", new Known("application/dash+xml", Kind.MANIFEST),
      "json", new Known("application/json", Kind.MANIFEST),
      "vtt", new Known("text/vtt", Kind.TEXT_TRACK),
      "mp4", new Known("video/mp4", Kind.SEGMENT),
      "m4s", new Known("video/iso.segment", Kind.SEGMENT),
      "jpg", new Known("image/jpeg", Kind.IMAGE));

  /** The type of a file by its name; an unknown extension keeps the stored type. */
  public static MediaFileType of(String fileName) {
    Known known = BY_EXTENSION.get(extension(fileName));
    return known == null ? new MediaFileType(Optional.empty(), Kind.OTHER)
        : new MediaFileType(Optional.of(known.contentType()), known.kind());
  }

  /**
   * Whether the file is text worth compressing: manifests and tracks are, and shrink to a
   * fraction; segments and images are compressed already, and are fetched by byte range.
   */
  public boolean compressible() {
    return kind == Kind.MANIFEST || kind == Kind.TEXT_TRACK;
  }

  private static String extension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
