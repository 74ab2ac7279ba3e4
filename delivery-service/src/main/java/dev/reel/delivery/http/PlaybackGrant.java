package dev.reel.delivery.http;

import dev.reel.common.StorageLayout;
import dev.reel.delivery.domain.MediaPath;
import dev.reel.delivery.signing.Verified;
import java.util.Optional;

/**
 * Why {@link PlaybackAccess} let a media request through, kept on the routing context for the
 * handlers after it.
 *
 * @param path the file asked for ({@code source} is the original)
 * @param publicBase the public base URL the request was checked against
 * @param verified the signature that let it through; empty for public media or with signing off
 * @param presignedAsked whether the request asked for {@code redirect=presigned}
 */
record PlaybackGrant(MediaPath path, String publicBase, Optional<Verified> verified,
    boolean presignedAsked) {

  /** Where it is kept on the routing context. */
  static final String KEY = "reel.playbackGrant";

  static final String SOURCE = "source";

  boolean isSource() {
    return path.file().equals(SOURCE);
  }

  /** The object the request is for, as the media routes map it. */
  String objectKey() {
    return isSource() ? StorageLayout.originalKey(path.assetId())
        : StorageLayout.renditionKey(path.assetId(), path.file());
  }
}
