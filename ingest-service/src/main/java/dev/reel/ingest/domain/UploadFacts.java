package dev.reel.ingest.domain;

import dev.reel.common.event.UploadMode;
import java.util.Map;
import java.util.Optional;

/**
 * What is known about an upload besides its bytes, whichever way it came in.
 *
 * @param contentType the stored content type (the sniffed format's, or the client's if it agrees)
 * @param uploaderKeyId the id of the API key that uploaded it, never the key itself
 */
public record UploadFacts(String contentType, Optional<String> filename,
    Map<String, String> tags, String storageClass, String uploaderKeyId, UploadMode mode) {

  public UploadFacts {
    tags = Map.copyOf(tags);
  }
}
