package dev.reel.common.event;

import java.net.URI;
import java.time.OffsetDateTime;

/** A decoded CloudEvent: the envelope attributes Reel uses and the typed payload. */
public record Event<T>(
    String id,
    String type,
    URI source,
    String subject,
    OffsetDateTime time,
    T data) {
}
