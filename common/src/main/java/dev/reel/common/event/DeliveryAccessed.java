package dev.reel.common.event;

import java.time.Instant;

/** One request served by the delivery edge, for access logs and metrics. */
public record DeliveryAccessed(
    String assetId,
    String method,
    String path,
    int status,
    long bytesSent,
    @Nullable String range,
    long durationMs,
    boolean cacheHit,
    String clientIp,
    @Nullable String userAgent,
    @Nullable String referer,
    @Nullable String keyId,
    Instant servedAt) {
}
