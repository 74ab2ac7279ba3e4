package dev.reel.common.event;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request served by the delivery edge, for access logs and metrics. The same record is a
 * line of the access log objects under {@code logs/access/} in the bucket.
 *
 * @param requestId unique per request, also the event's CloudEvents id and the response's
 *     {@code X-Request-Id} header, so a viewer's report can be matched to its log line
 * @param durationMs from the request's arrival (its head read) to the response's end, or to
 *     the connection's close when the viewer left first
 * @param timeToFirstByteMicros from the request's arrival to its response's status line and
 *     headers being written, in microseconds, as CloudFront's {@code time-to-first-byte}; null
 *     when the viewer left before any was
 * @param protocol the HTTP version, such as {@code HTTP/1.1} or {@code HTTP/2}
 * @param cmcd the Common Media Client Data (CTA-5004) keys Reel knows that the player sent, by
 *     key; null when it sent none
 */
public record DeliveryAccessed(
    String assetId,
    String method,
    String path,
    int status,
    long bytesSent,
    @Nullable String range,
    long durationMs,
    @Nullable Long timeToFirstByteMicros,
    boolean cacheHit,
    String clientIp,
    @Nullable String userAgent,
    @Nullable String referer,
    @Nullable String keyId,
    Instant servedAt,
    String requestId,
    @Nullable String protocol,
    @Nullable Map<String, String> cmcd) {

  public DeliveryAccessed {
    // Sorted, so that log lines list the keys in the same order every time.
    cmcd = cmcd == null ? null : Collections.unmodifiableMap(new TreeMap<>(cmcd));
  }
}
