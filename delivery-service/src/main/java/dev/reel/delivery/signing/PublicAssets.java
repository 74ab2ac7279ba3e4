package dev.reel.delivery.signing;

import java.util.List;

/**
 * Media anyone may fetch without a signature, by pattern over {@code {assetId}/{file}}: an asset
 * id alone makes the whole asset public ({@code 01m8...}), a pattern with {@code *} a set of
 * files ({@code * /thumbs/*}, without the space: every asset's thumbnails), and {@code *} alone
 * everything. Nothing is public unless configured.
 */
public final class PublicAssets {

  private final List<ResourcePattern> patterns;

  private PublicAssets(List<ResourcePattern> patterns) {
    this.patterns = patterns;
  }

  public static PublicAssets of(List<String> entries) {
    return new PublicAssets(entries.stream()
        .map(entry -> entry.indexOf('/') < 0 ? entry + "/*" : entry)
        .map(ResourcePattern::new)
        .toList());
  }

  public static PublicAssets none() {
    return new PublicAssets(List.of());
  }

  /** Whether {@code file} of {@code assetId} ({@code source}, {@code master.m3u8}, ...) is public. */
  public boolean covers(String assetId, String file) {
    if (patterns.isEmpty()) {
      return false;
    }
    // Asked on every media request: a loop, not a stream, which costs a few objects each time.
    String path = assetId + "/" + file;
    for (ResourcePattern pattern : patterns) {
      if (pattern.matches(path)) {
        return true;
      }
    }
    return false;
  }
}
