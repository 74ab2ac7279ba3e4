package dev.reel.common.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Bearer API keys. A key is never logged or put in an event; its key id (the first 12 hex digits
 * of its SHA-256) is, so an operator can tell which key did what.
 */
public final class ApiKeyAuth implements Handler<RoutingContext> {

  /** Where the key id of an authenticated request is kept on the routing context. */
  public static final String KEY_ID = "reel.keyId";

  private final List<byte[]> keyDigests;

  private ApiKeyAuth(Set<String> keys) {
    this.keyDigests = keys.stream().map(ApiKeyAuth::sha256).toList();
  }

  public static ApiKeyAuth of(Set<String> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one API key is required");
    }
    return new ApiKeyAuth(keys);
  }

  public static String keyId(String key) {
    return HexFormat.of().formatHex(sha256(key)).substring(0, 12);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      reject(ctx, "missing API key: send 'Authorization: Bearer <key>'");
      return;
    }
    String presented = header.substring(7).trim();
    byte[] digest = sha256(presented);
    boolean match = false;
    for (byte[] known : keyDigests) {
      // Compare digests in constant time so response timing says nothing about the key.
      match |= MessageDigest.isEqual(known, digest);
    }
    if (!match) {
      reject(ctx, "invalid API key");
      return;
    }
    ctx.put(KEY_ID, keyId(presented));
    ctx.next();
  }

  private static void reject(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"reel\"");
    ctx.fail(new ApiException(ErrorCode.UNAUTHORIZED, message));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
