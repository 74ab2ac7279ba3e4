package dev.reel.common.event;

import java.time.Instant;

/** An asset's original was removed; owners of derived data remove theirs on this event. */
public record MediaDeleted(
    String assetId,
    String bucket,
    String key,
    @Nullable String deletedByKeyId,
    Instant deletedAt) {
}
