package dev.reel.ingest.storage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The answer given to a create request that carried an {@code Idempotency-Key}, kept in S3 per
 * API key, so a retried request gets the same asset instead of a second one, even from another
 * ingest instance or after a restart.
 */
public final class IdempotencyRecords {

  public static final String HEADER = "Idempotency-Key";
  private static final int MAX_KEY_LENGTH = 255;

  private final OriginalStore store;

  public IdempotencyRecords(OriginalStore store) {
    this.store = store;
  }

  /** Whether a client-sent key is usable: printable ASCII, 1 to 255 characters. */
  public static boolean isValidKey(String key) {
    return key != null && !key.isEmpty() && key.length() <= MAX_KEY_LENGTH
        && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
  }

  public Future<Optional<JsonObject>> find(String apiKeyId, String idempotencyKey) {
    return store.getSmall(key(apiKeyId, idempotencyKey))
        .map(bytes -> bytes.map(b -> new JsonObject(new String(b, StandardCharsets.UTF_8))));
  }

  public Future<Void> remember(String apiKeyId, String idempotencyKey, JsonObject answer) {
    return store.putSmall(key(apiKeyId, idempotencyKey), answer.toBuffer().getBytes(),
        "application/json");
  }

  private static String key(String apiKeyId, String idempotencyKey) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "idempotency/" + apiKeyId + "/" + HexFormat.of().formatHex(digest) + ".json";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
