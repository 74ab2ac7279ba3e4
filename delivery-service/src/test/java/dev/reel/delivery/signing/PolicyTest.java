package dev.reel.delivery.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudfront.internal.utils.SigningUtils;

class PolicyTest {

  private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant FROM = Instant.parse("2029-12-01T00:00:00Z");

  private static Policy parse(String json) {
    return Policy.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("the canned policy is byte for byte the one the AWS SDK signs")
  void cannedLikeTheSdk() {
    String url = "https://m.test/v1/media/01abc/source?x=1";
    assertEquals(SigningUtils.buildCannedPolicy(url, EXPIRES),
        Policy.cannedJson(url, EXPIRES.getEpochSecond()));
  }

  @Test
  @DisplayName("a custom policy written by delivery is the one the AWS SDK writes")
  void customLikeTheSdk() {
    Policy policy = new Policy(Optional.of(new ResourcePattern("https://m.test/v1/media/a/*")),
        EXPIRES, Optional.of(FROM), IpRange.parse("192.0.2.0/24"));
    assertEquals(SigningUtils.buildCustomPolicy("https://m.test/v1/media/a/*", FROM, EXPIRES,
        "192.0.2.0/24"), policy.toJson());
  }

  @Test
  @DisplayName("every condition is read: dates in epoch seconds, the source range")
  void readsConditions() {
    Policy policy = parse(SigningUtils.buildCustomPolicy("https://m.test/*", FROM, EXPIRES,
        "10.0.0.0/8"));
    assertEquals("https://m.test/*", policy.resource().orElseThrow().pattern());
    assertEquals(EXPIRES, policy.dateLessThan());
    assertEquals(Optional.of(FROM), policy.dateGreaterThan());
    assertEquals("10.0.0.0/8", policy.sourceIp().orElseThrow().text());
  }

  @Test
  @DisplayName("whitespace and field order do not matter; a missing Resource covers everything")
  void lenientLayout() {
    Policy policy = parse("{ \"Statement\": [ { \"Condition\": { \"DateLessThan\": "
        + "{ \"AWS:EpochTime\": 1893456000 } } } ] }");
    assertTrue(policy.resource().isEmpty());
    assertEquals(EXPIRES, policy.dateLessThan());
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("anything CloudFront would not accept is refused")
  @ValueSource(strings = {
      "not json",
      "[]",
      "{\"Statement\":[]}",
      "{\"Statement\":{}}",
      "{\"Statement\":[{\"Resource\":\"*\"}]}",
      "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{}}]}",
      "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":\"soon\"}}}]}",
      "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1.5}}}]}",
      "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":-1}}}]}",
      "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1},"
          + "\"IpAddress\":{\"AWS:SourceIp\":\"example.com/8\"}}}]}",
      "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1},"
          + "\"StringEquals\":{\"x\":\"y\"}}}]}",
      "{\"Statement\":[{\"Resource\":\"*\",\"Effect\":\"Allow\",\"Condition\":"
          + "{\"DateLessThan\":{\"AWS:EpochTime\":1}}}]}",
      "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}},"
          + "{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}}]}",
      "{\"Statement\":[{\"Resource\":\"a\",\"Resource\":\"*\",\"Condition\":"
          + "{\"DateLessThan\":{\"AWS:EpochTime\":1}}}]}",
      "{\"Statement\":[{\"Resource\":7,\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}}]}",
      "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}}]}xyz",
      "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}}]}{}"})
  void refuses(String json) {
    assertThrows(Policy.InvalidPolicyException.class, () -> parse(json));
  }
}
