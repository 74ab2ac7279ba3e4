package dev.reel.delivery.config;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;

/**
 * How much of a response each viewer's socket may hold before delivery turns to the next viewer.
 *
 * @param bufferBytes the {@code SO_SNDBUF} asked of the kernel for every viewer's connection
 *     (Linux reserves twice that, the half beyond for its own bookkeeping), or 0 for the kernel's
 *     own sizing, which grows a busy socket's buffer to several MiB. A bound makes a large
 *     response go out in several turns, shared with the other viewers, instead of in one copy that
 *     the rest wait behind. It also bounds one connection's rate to about the buffer per
 *     round trip: 256 KiB asked for (512 KiB reserved) still moves roughly 35 Mbit/s to a
 *     viewer 100 ms away (reckoned, not measured), seven times the top rung of the default
 *     ladder (1080p at 5 Mbit/s).
 */
public record SendSettings(int bufferBytes) {

  public static final String BUFFER_BYTES = "REEL_DELIVERY_SEND_BUFFER_BYTES";
  static final int DEFAULT_BUFFER_BYTES = 256 * 1024;
  /**
   * Below about two segments of the largest MSS (64 KiB on loopback), a socket waits for
   * acknowledgements between segments: with 32 KiB asked for, a download on loopback crawled at
   * ~1.6 MB/s.
   */
  static final int MIN_BUFFER_BYTES = 64 * 1024;
  static final int MAX_BUFFER_BYTES = 64 * 1024 * 1024;

  public static JsonObject defaults() {
    return new JsonObject().put(BUFFER_BYTES, String.valueOf(DEFAULT_BUFFER_BYTES));
  }

  public static SendSettings read(ConfigReader config) {
    int bytes = config.integer(BUFFER_BYTES);
    if (bytes != 0 && (bytes < MIN_BUFFER_BYTES || bytes > MAX_BUFFER_BYTES)) {
      throw new ConfigException(BUFFER_BYTES + " must be 0 (the kernel sizes it) or between "
          + MIN_BUFFER_BYTES + " and " + MAX_BUFFER_BYTES + ", was " + bytes);
    }
    return new SendSettings(bytes);
  }

  /** Whether the kernel sizes the buffer itself. */
  public boolean kernelSized() {
    return bufferBytes == 0;
  }
}
