package dev.reel.delivery.http;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import dev.reel.delivery.domain.ContentCoding;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compresses small text bodies (manifests, tracks) in memory. Delivery does this itself instead of
 * turning on the HTTP server's compression, which would compress every response, media and
 * ranges included, and drop their Content-Length. gzip always works; brotli when the native
 * brotli4j library loads on this platform (it ships for Linux, macOS and Windows on the common
 * CPUs), otherwise clients that offer br get gzip.
 */
final class Compression {

  private static final Logger LOG = LoggerFactory.getLogger(Compression.class);
  /** Brotli's quality 5: most of the gain of 11 at a small fraction of its time. */
  private static final int BROTLI_QUALITY = 5;
  private static final Set<ContentCoding> AVAILABLE = probe();

  private Compression() {
  }

  static Set<ContentCoding> available() {
    return AVAILABLE;
  }

  static Buffer encode(ContentCoding coding, Buffer identity) {
    byte[] bytes = identity.getBytes();
    try {
      return Buffer.buffer(switch (coding) {
        case GZIP -> gzip(bytes);
        case BR -> Encoder.compress(bytes, new Encoder.Parameters().setQuality(BROTLI_QUALITY));
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  private static Set<ContentCoding> probe() {
    Set<ContentCoding> codings = EnumSet.of(ContentCoding.GZIP);
    try {
      if (Brotli4jLoader.isAvailable()) {
        codings.add(ContentCoding.BR);
      } else {
        LOG.info("brotli is not available here ({}); manifests are compressed with gzip only",
            Brotli4jLoader.getUnavailabilityCause().toString());
      }
    } catch (LinkageError e) {
      LOG.info("brotli is not available here ({}); manifests are compressed with gzip only",
          e.toString());
    }
    return Set.copyOf(codings);
  }
}
