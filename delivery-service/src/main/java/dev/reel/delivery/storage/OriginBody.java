package dev.reel.delivery.storage;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Bytes on their way from the origin, paused until piped. {@code cancel} stops the origin fetch,
 * for when the viewer went away.
 */
public record OriginBody(ReadStream<Buffer> stream, Runnable cancel) {
}
