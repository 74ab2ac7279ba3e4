package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyAuthTest {

  private static final String KEY = "reel-test-key-0123456789abcdef";

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a key id is 12 lower-case hex digits")
  @ValueSource(strings = {KEY, "", "x", "ключ-доступа-0123456789"})
  void twelveHexDigits(String key) {
    assertTrue(ApiKeyAuth.keyId(key).matches("[0-9a-f]{12}"), ApiKeyAuth.keyId(key));
  }

  @Test
  @DisplayName("a key id is the first 12 hex digits of the key's SHA-256")
  void sha256Prefix() {
    // printf %s abc | sha256sum -> ba7816bf8f01cfea414140de5dae2223...
    assertEquals("ba7816bf8f01", ApiKeyAuth.keyId("abc"));
  }

  @Test
  @DisplayName("the same key always has the same id")
  void stable() {
    assertEquals(ApiKeyAuth.keyId(KEY), ApiKeyAuth.keyId(new String(KEY.toCharArray())));
  }

  @Test
  @DisplayName("different keys have different ids")
  void differsPerKey() {
    assertNotEquals(ApiKeyAuth.keyId(KEY), ApiKeyAuth.keyId(KEY + "x"));
    assertNotEquals(ApiKeyAuth.keyId("aaaaaaaaaaaaaaaa"), ApiKeyAuth.keyId("aaaaaaaaaaaaaaab"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a key id does not contain the key")
  @ValueSource(strings = {KEY, "0123456789ab", "000000000000000000000000", "abcdef"})
  void doesNotContainKey(String key) {
    String id = ApiKeyAuth.keyId(key);
    assertFalse(id.contains(key), id);
    assertFalse(key.startsWith(id), id);
  }

  @Test
  @DisplayName("an authenticator needs at least one key")
  void needsAKey() {
    assertThrows(IllegalArgumentException.class, () -> ApiKeyAuth.of(Set.of()));
  }
}
