package dev.reel.ingest.presigned;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The optional body of {@code POST /v1/uploads/{assetId}/complete}:
 * {@code {"parts":[{"partNumber":1,"etag":"\"...\""}, ...]}} with the ETags S3 answered to each
 * part's PUT. Without {@code parts} (or without a body) the parts are looked up in S3.
 */
public record CompletionRequest(Optional<List<PartTag>> parts) {

  static final int MAX_ETAG = 1024;

  /** One uploaded part as S3 acknowledged it; the ETag is kept in S3's quoted form. */
  public record PartTag(int partNumber, String etag) {
  }

  public static CompletionRequest none() {
    return new CompletionRequest(Optional.empty());
  }

  /** @param json the body, or null when there was none */
  public static CompletionRequest parse(JsonObject json) {
    if (json == null || json.isEmpty()) {
      return none();
    }
    Set<String> unknown = new TreeSet<>(json.fieldNames());
    unknown.remove("parts");
    if (!unknown.isEmpty()) {
      throw bad("unknown field(s) " + unknown + "; the only field is parts");
    }
    Object value = json.getValue("parts");
    if (value == null) {
      return none();
    }
    if (!(value instanceof JsonArray array)) {
      throw bad("parts must be an array like [{\"partNumber\":1,\"etag\":\"...\"}]");
    }
    List<PartTag> parts = new ArrayList<>();
    for (Object entry : array) {
      parts.add(part(entry));
    }
    parts.sort(Comparator.comparingInt(PartTag::partNumber));
    return new CompletionRequest(Optional.of(List.copyOf(parts)));
  }

  /**
   * The parts in order, checked to be exactly parts 1 to {@code partCount}: a missing part would
   * make S3 assemble a shorter object than the plan.
   */
  public List<PartTag> checkedAgainst(int partCount) {
    List<PartTag> given = parts.orElseThrow();
    for (int i = 0; i < given.size(); i++) {
      if (given.get(i).partNumber() != i + 1) {
        throw bad("parts must list each part number from 1 to " + partCount
            + " once; part " + (i + 1) + " is missing or given twice");
      }
    }
    if (given.size() != partCount) {
      throw bad("parts must list all " + partCount + " parts of the plan, got " + given.size());
    }
    return given;
  }

  private static PartTag part(Object entry) {
    if (!(entry instanceof JsonObject part)) {
      throw bad("each part must be an object like {\"partNumber\":1,\"etag\":\"...\"}");
    }
    Set<String> unknown = new TreeSet<>(part.fieldNames());
    unknown.removeAll(Set.of("partNumber", "etag"));
    if (!unknown.isEmpty()) {
      throw bad("unknown part field(s) " + unknown + "; a part has partNumber and etag");
    }
    if (!(part.getValue("partNumber") instanceof Integer number)
        || number < 1 || number > PresignedPlan.MAX_PARTS) {
      throw bad("partNumber must be a whole number from 1 to " + PresignedPlan.MAX_PARTS);
    }
    if (!(part.getValue("etag") instanceof String etag) || etag.isBlank()
        || etag.length() > MAX_ETAG || !etag.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw bad("part " + number + ": etag must be the ETag header S3 answered to its PUT");
    }
    return new PartTag(number, quoted(etag.trim()));
  }

  /** S3 sends ETags quoted; clients that strip the quotes are forgiven. */
  static String quoted(String etag) {
    return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
  }

  private static ApiException bad(String message) {
    return new ApiException(ErrorCode.BAD_REQUEST, message);
  }
}
