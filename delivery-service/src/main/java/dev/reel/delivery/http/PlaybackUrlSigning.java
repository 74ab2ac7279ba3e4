package dev.reel.delivery.http;

import dev.reel.delivery.domain.MediaPath;
import dev.reel.delivery.signing.PublicAssets;
import dev.reel.delivery.signing.UrlSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Signs the playback URLs delivery hands out, so they play as they are: a canned policy per URL,
 * valid for the configured time. Public media, and every URL when signing is off or delivery has
 * no key of its own, are handed out unsigned.
 */
final class PlaybackUrlSigning {

  private final Optional<UrlSigner> signer;
  private final PublicAssets publicAssets;
  private final Duration ttl;
  private final Clock clock;

  PlaybackUrlSigning(Optional<UrlSigner> signer, PublicAssets publicAssets, Duration ttl,
      Clock clock) {
    this.signer = signer;
    this.publicAssets = publicAssets;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Signs URLs under {@code base}, each until the same moment. */
  UnaryOperator<String> forBase(String base) {
    if (signer.isEmpty()) {
      return UnaryOperator.identity();
    }
    Instant expires = clock.instant().plus(ttl);
    return url -> {
      MediaPath path = MediaPath.parse(url.substring(base.length()));
      return publicAssets.covers(path.assetId(), path.file()) ? url
          : signer.get().cannedUrl(url, expires);
    };
  }
}
