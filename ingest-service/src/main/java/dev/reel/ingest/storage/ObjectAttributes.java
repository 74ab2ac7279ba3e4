package dev.reel.ingest.storage;

import java.util.Map;

/** What is stored with an original besides its bytes. */
public record ObjectAttributes(String contentType, Map<String, String> userMetadata,
    String storageClass) {

  public ObjectAttributes {
    userMetadata = Map.copyOf(userMetadata);
  }
}
