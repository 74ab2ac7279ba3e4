package dev.reel.delivery.signing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A CloudFront policy statement: which URLs it covers, until when, from when, and from where.
 *
 * <p>A canned policy is the one form CloudFront rebuilds from the URL itself: the resource is the
 * URL, the only condition its {@code Expires}. Its JSON must be byte for byte what the signer
 * signed, so {@link #cannedJson} writes it exactly as CloudFront and the AWS SDKs do, with no
 * spaces. A custom policy travels in the request (Base64), so its JSON is read, not rebuilt.
 *
 * @param resource the URLs covered; empty when the policy names none, which CloudFront reads
 *     as every URL
 * @param dateLessThan requests must come before this second
 * @param dateGreaterThan requests must come at or after this second, if set
 * @param sourceIp requests must come from this range, if set
 */
public record Policy(Optional<ResourcePattern> resource, Instant dateLessThan,
    Optional<Instant> dateGreaterThan, Optional<IpRange> sourceIp) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      // "{...}xyz" is not JSON: one document, nothing after it.
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Set<String> CONDITIONS =
      Set.of("DateLessThan", "DateGreaterThan", "IpAddress");

  /** A policy that cannot be read; the message says why, for the client. */
  public static final class InvalidPolicyException extends IllegalArgumentException {
    InvalidPolicyException(String message) {
      super(message);
    }
  }

  /** The canned policy CloudFront signs for {@code resourceUrl} until {@code expires}. */
  public static String cannedJson(String resourceUrl, long expiresEpochSeconds) {
    return "{\"Statement\":[{\"Resource\":\"" + resourceUrl
        + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":" + expiresEpochSeconds
        + "}}}]}";
  }

  /**
   * This policy as a custom policy's JSON, laid out as the AWS SDK lays it out. Only for a
   * policy with a resource: delivery never signs one that covers everything.
   */
  public String toJson() {
    StringBuilder json = new StringBuilder("{\"Statement\":[{\"Resource\":\"")
        .append(resource.orElseThrow().pattern())
        .append("\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":")
        .append(dateLessThan.getEpochSecond()).append('}');
    sourceIp.ifPresent(range -> json.append(",\"IpAddress\":{\"AWS:SourceIp\":\"")
        .append(range.text()).append("\"}"));
    dateGreaterThan.ifPresent(from -> json.append(",\"DateGreaterThan\":{\"AWS:EpochTime\":")
        .append(from.getEpochSecond()).append('}'));
    return json.append("}}]}").toString();
  }

  /** Reads a custom policy: one statement, a {@code DateLessThan}, nothing unknown. */
  public static Policy parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new InvalidPolicyException("the policy is not valid JSON");
    }
    if (root == null || !root.isObject() || !onlyFields(root, Set.of("Statement"))) {
      throw new InvalidPolicyException("the policy must be an object with one field, Statement");
    }
    JsonNode statements = root.get("Statement");
    if (statements == null || !statements.isArray() || statements.size() != 1
        || !statements.get(0).isObject()) {
      throw new InvalidPolicyException("the policy must have exactly one statement");
    }
    JsonNode statement = statements.get(0);
    if (!onlyFields(statement, Set.of("Resource", "Condition"))) {
      throw new InvalidPolicyException("a statement has only Resource and Condition");
    }
    Optional<ResourcePattern> resource = Optional.empty();
    JsonNode resourceNode = statement.get("Resource");
    if (resourceNode != null) {
      if (!resourceNode.isTextual() || resourceNode.asText().isEmpty()) {
        throw new InvalidPolicyException("Resource must be a non-empty string");
      }
      resource = Optional.of(new ResourcePattern(resourceNode.asText()));
    }
    JsonNode condition = statement.get("Condition");
    if (condition == null || !condition.isObject()) {
      throw new InvalidPolicyException("the statement has no Condition");
    }
    if (!onlyFields(condition, CONDITIONS)) {
      throw new InvalidPolicyException("Condition may hold only " + CONDITIONS);
    }
    if (condition.get("DateLessThan") == null) {
      throw new InvalidPolicyException("Condition must have DateLessThan");
    }
    Instant lessThan = epochTime(condition, "DateLessThan");
    Optional<Instant> greaterThan = condition.has("DateGreaterThan")
        ? Optional.of(epochTime(condition, "DateGreaterThan")) : Optional.empty();
    Optional<IpRange> ip = condition.has("IpAddress")
        ? Optional.of(sourceIp(condition.get("IpAddress"))) : Optional.empty();
    return new Policy(resource, lessThan, greaterThan, ip);
  }

  private static Instant epochTime(JsonNode condition, String name) {
    JsonNode node = condition.get(name);
    JsonNode value = node.isObject() && onlyFields(node, Set.of("AWS:EpochTime"))
        ? node.get("AWS:EpochTime") : null;
    long seconds;
    if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
      seconds = value.asLong();
    } else if (value != null && value.isTextual() && value.asText().matches("\\d{1,12}")) {
      seconds = Long.parseLong(value.asText());
    } else {
      throw new InvalidPolicyException(name + " must be {\"AWS:EpochTime\": seconds}");
    }
    if (seconds < 0 || seconds > 253402300799L) {
      throw new InvalidPolicyException(name + " is not a date");
    }
    return Instant.ofEpochSecond(seconds);
  }

  private static IpRange sourceIp(JsonNode node) {
    JsonNode value = node.isObject() && onlyFields(node, Set.of("AWS:SourceIp"))
        ? node.get("AWS:SourceIp") : null;
    if (value == null || !value.isTextual()) {
      throw new InvalidPolicyException("IpAddress must be {\"AWS:SourceIp\": \"CIDR\"}");
    }
    return IpRange.parse(value.asText()).orElseThrow(() -> new InvalidPolicyException(
        "AWS:SourceIp is not an IP range in CIDR notation"));
  }

  private static boolean onlyFields(JsonNode object, Set<String> allowed) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      if (!allowed.contains(names.next())) {
        return false;
      }
    }
    return true;
  }
}
