package dev.reel.delivery.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialsTest {

  private static ErrorCode rejection(String query) {
    return assertThrows(ApiException.class,
        () -> Credentials.fromQuery(RequestQuery.parse(query))).code();
  }

  @Test
  @DisplayName("a query without signing parameters has no credentials")
  void none() {
    assertTrue(Credentials.fromQuery(RequestQuery.parse("redirect=presigned")).isEmpty());
    assertTrue(Credentials.fromQuery(RequestQuery.parse(null)).isEmpty());
  }

  @Test
  @DisplayName("a canned signed URL's query: Expires, Signature, Key-Pair-Id, SHA-1 by default")
  void canned() {
    Credentials credentials = Credentials.fromQuery(RequestQuery.parse(
        "x=1&Expires=1893456000&Signature=ab~c-_&Key-Pair-Id=K1")).orElseThrow();
    assertTrue(credentials.canned());
    assertEquals(1893456000L, credentials.expires());
    assertEquals("ab~c-_", credentials.signature());
    assertEquals("K1", credentials.keyPairId());
    assertEquals(HashAlgorithm.SHA1, credentials.hashAlgorithm());
    assertEquals("Expires=1893456000&Signature=ab~c-_&Key-Pair-Id=K1", credentials.toQuery());
  }

  @Test
  @DisplayName("percent-encoded values are decoded; Hash-Algorithm=SHA256 is read")
  void decodedAndSha256() {
    Credentials credentials = Credentials.fromQuery(RequestQuery.parse(
        "Policy=eyJ%7E_&Signature=a%7Eb&Key-Pair-Id=K1&Hash-Algorithm=SHA256")).orElseThrow();
    assertEquals(Optional.of("eyJ~_"), credentials.encodedPolicy());
    assertEquals("a~b", credentials.signature());
    assertEquals(HashAlgorithm.SHA256, credentials.hashAlgorithm());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @DisplayName("incomplete or malformed signing parameters are refused with the reason")
  @CsvSource({
      "Expires=1893456000&Key-Pair-Id=K1, MISSING_SIGNATURE",
      "Expires=1893456000&Signature=abc, MISSING_SIGNATURE",
      "Signature=abc&Key-Pair-Id=K1, MISSING_SIGNATURE",
      "Expires=soon&Signature=abc&Key-Pair-Id=K1, POLICY_INVALID",
      "Expires=1&Signature=abc&Key-Pair-Id=K1&Hash-Algorithm=MD5, SIGNATURE_INVALID"})
  void refusals(String query, ErrorCode code) {
    assertEquals(code, rejection(query));
  }

  @Test
  @DisplayName("signed cookies: CloudFront-Policy (or -Expires), -Signature, -Key-Pair-Id")
  void cookies() {
    Map<String, String> jar = Map.of("CloudFront-Policy", "eyJ", "CloudFront-Signature", "sig",
        "CloudFront-Key-Pair-Id", "K1", "CloudFront-Expires", "1893456000");
    Credentials credentials = Credentials.fromCookies(jar::get).orElseThrow();
    assertTrue(credentials.fromCookies());
    assertEquals(Optional.of("eyJ"), credentials.encodedPolicy(), "a policy wins over Expires");
    assertTrue(Credentials.fromCookies(Map.of("session", "x")::get).isEmpty());
  }

  @Test
  @DisplayName("a query keeps the parameters that are not the signature's, as written")
  void queryWithout() {
    RequestQuery query = RequestQuery.parse("b=2&Expires=1&a=%41&Signature=s&Key-Pair-Id=k");
    assertEquals("b=2&a=%41", query.without(Credentials.QUERY_PARAMETERS));
    assertEquals("", RequestQuery.parse("Expires=1").without(Set.of("Expires")));
  }
}
