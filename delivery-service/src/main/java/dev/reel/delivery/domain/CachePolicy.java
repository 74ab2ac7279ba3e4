package dev.reel.delivery.domain;

/**
 * How long each kind of response may be kept, by browsers and by shared caches (a CDN, a proxy)
 * in front of delivery. The one place that says who may cache media, so that signed URLs can
 * narrow it in one edit.
 *
 * <ul>
 *   <li>Originals: an asset id is never reused, so the bytes behind a URL never change. Kept
 *       for a year, and {@code immutable}: a reload does not even revalidate. A deleted asset's
 *       copies in shared caches live on until they expire or are purged there.
 *   <li>Segments, init segments, thumbnails and WebVTT tracks: written once by a job under
 *       names that no later write reuses for other bytes. The same as originals.
 *   <li>Playlists and manifests: while the asset is still being transcoded they change as
 *       renditions land, so two seconds (a player polling a growing master playlist sees the
 *       new rendition in one segment's time, and a CDN still absorbs a crowd); once the asset
 *       is ready they are final, and kept a day. A day, not a year: a re-transcode writes them
 *       again.
 *   <li>Anything else: an hour.
 * </ul>
 */
public final class CachePolicy {

  /**
   * Who may keep a copy: every cache on the way. A signed URL's signature is in its query, so a
   * shared cache keys its copy on it and gives it only to those who hold the same URL, as with
   * CloudFront. The exceptions are answered {@code private} where they are known: a manifest
   * rewritten with the viewer's token ({@code SignedManifests}), and whatever signed cookies let
   * through, whose URL has no signature ({@code PlaybackAccess}).
   */
  static final String AUDIENCE = "public";
  static final String IMMUTABLE = AUDIENCE + ", max-age=31536000, immutable";
  static final String GROWING_MANIFEST = AUDIENCE + ", max-age=2";
  static final String FINAL_MANIFEST = AUDIENCE + ", max-age=86400";
  static final String OTHER = AUDIENCE + ", max-age=3600";

  private CachePolicy() {
  }

  /** {@code Cache-Control} of an original. */
  public static String original() {
    return IMMUTABLE;
  }

  /**
   * {@code Cache-Control} of a transcode output.
   *
   * @param assetReady whether the asset's transcode has completed (its manifests are final);
   *     false while it runs, after it failed, and while delivery does not know the asset yet
   */
  public static String rendition(MediaFileType type, boolean assetReady) {
    return switch (type.kind()) {
      case MANIFEST -> assetReady ? FINAL_MANIFEST : GROWING_MANIFEST;
      case SEGMENT, IMAGE, TEXT_TRACK -> IMMUTABLE;
      case OTHER -> OTHER;
    };
  }
}
