package dev.reel.delivery.domain;

import dev.reel.common.StorageLayout;
import dev.reel.common.http.ApiException;
import java.util.Optional;

/** The URLs at which delivery serves an asset's media, under the public base URL. */
public final class PlaybackUrls {

  private final String base;

  /** @param base scheme, host, port and optional path prefix, without a trailing slash */
  public PlaybackUrls(String base) {
    this.base = base;
  }

  public String source(String assetId) {
    return base + "/v1/media/" + assetId + "/source";
  }

  /** A file of the asset's transcode outputs, by its path relative to the asset's folder. */
  public String file(String assetId, String relativePath) {
    return base + "/v1/media/" + assetId + "/" + relativePath;
  }

  /**
   * The URL of an object named by a transcode event, if it is one delivery serves: inside the
   * asset's renditions folder, under a name {@link MediaPath} accepts.
   */
  public Optional<String> forKey(String assetId, String key) {
    String prefix = StorageLayout.renditionsPrefix(assetId);
    if (key == null || !key.startsWith(prefix)) {
      return Optional.empty();
    }
    String relative = key.substring(prefix.length());
    try {
      MediaPath.parse("/v1/media/" + assetId + "/" + relative);
    } catch (ApiException notServable) {
      return Optional.empty();
    }
    return Optional.of(file(assetId, relative));
  }
}
