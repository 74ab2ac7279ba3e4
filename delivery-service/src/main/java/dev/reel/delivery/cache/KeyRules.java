package dev.reel.delivery.cache;

import dev.reel.common.StorageLayout;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/** What the cache can tell about an object from its key alone. */
final class KeyRules {

  /**
   * Playlists, manifests and the job manifest are rewritten while a transcode runs (once the
   * asset is playable, and when it completes); segments, thumbnails and originals never change
   * once written. The same rule decides their {@code Cache-Control} in {@code MediaFileType}.
   */
  private static final Set<String> CHANGING_EXTENSIONS = Set.of("m3u8", "mpd", "json");

  private KeyRules() {
  }

  static boolean changes(String key) {
    int slash = key.lastIndexOf('/');
    int dot = key.lastIndexOf('.');
    return dot > slash
        && CHANGING_EXTENSIONS.contains(key.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** Every key delivery serves for the asset: its original and its transcode outputs. */
  static Predicate<String> ofAsset(String assetId) {
    String original = StorageLayout.originalKey(assetId);
    String renditions = StorageLayout.renditionsPrefix(assetId);
    return key -> key.equals(original) || key.startsWith(renditions);
  }

  /** The asset's transcode outputs that change while it is transcoded. */
  static Predicate<String> manifestsOf(String assetId) {
    String renditions = StorageLayout.renditionsPrefix(assetId);
    return key -> key.startsWith(renditions) && changes(key);
  }

  /** Every transcode output of the asset. */
  static Predicate<String> renditionsOf(String assetId) {
    String renditions = StorageLayout.renditionsPrefix(assetId);
    return key -> key.startsWith(renditions);
  }
}
