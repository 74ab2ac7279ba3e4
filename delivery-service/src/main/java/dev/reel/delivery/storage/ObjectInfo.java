package dev.reel.delivery.storage;

import java.time.Instant;

/** What delivery needs to know about a stored object before sending any of it. */
public record ObjectInfo(long length, String etag, String contentType, Instant lastModified) {
}
