package dev.reel.ingest.storage;

/** An object that S3 confirmed, with the digest computed while it streamed through. */
public record StoredObject(String key, long size, String sha256, String etag,
    String contentType) {
}
