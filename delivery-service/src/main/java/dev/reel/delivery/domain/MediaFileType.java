package dev.reel.delivery.domain;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a file of the transcode outputs is answered, decided by its name: the content type players
 * expect (whatever type the object was stored with), and how long it may be cached.
 *
 * <p>Playlists, manifests and the job manifest change while a job runs (renditions are added
 * once the asset is playable) and when an asset is transcoded again, so they are revalidated on
 * every use ({@code no-cache}; a revalidation with the ETag costs a 304 and no body). Segments,
 * initialisation segments and thumbnails are written once per job and may be kept for an hour.
 */
public record MediaFileType(Optional<String> contentType, String cacheControl) {

  static final String REVALIDATE = "no-cache";
  static final String KEEP_AN_HOUR = "public, max-age=3600";

  private static final Map<String, String> BY_EXTENSION = Map.of(
      "m3u8", "application/vnd.apple.mpegurl",
      "mpd", "application/dash+xml",
      "mp4", "video/mp4",
      "m4s", "video/iso.segment",
      "vtt", "text/vtt",
      "jpg", "image/jpeg",
      "json", "application/json");

  /** The type of a file by its name; an unknown extension keeps the stored type. */
  public static MediaFileType of(String fileName) {
    String extension = extension(fileName);
    Optional<String> type = Optional.ofNullable(BY_EXTENSION.get(extension));
    boolean changes = extension.equals("m3u8") || extension.equals("mpd")
        || extension.equals("json");
    return new MediaFileType(type, changes ? REVALIDATE : KEEP_AN_HOUR);
  }

  private static String extension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
