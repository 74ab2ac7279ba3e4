package dev.reel.ingest.presigned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reel.common.http.ApiException;
import dev.reel.ingest.presigned.CompletionRequest.PartTag;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompletionRequestTest {

  private static CompletionRequest parse(String json) {
    return CompletionRequest.parse(new JsonObject(json));
  }

  @Test
  @DisplayName("no body, an empty object or no parts all mean: look the parts up in S3")
  void withoutParts() {
    assertEquals(Optional.empty(), CompletionRequest.parse(null).parts());
    assertEquals(Optional.empty(), parse("{}").parts());
    assertEquals(Optional.empty(), parse("{\"parts\":null}").parts());
  }

  @Test
  @DisplayName("parts come back sorted by number, ETags quoted as S3 sends them")
  void partsSortedAndQuoted() {
    CompletionRequest request = parse("{\"parts\":[{\"partNumber\":2,\"etag\":\"bb\"},"
        + "{\"partNumber\":1,\"etag\":\"\\\"aa\\\"\"}]}");
    assertEquals(List.of(new PartTag(1, "\"aa\""), new PartTag(2, "\"bb\"")),
        request.checkedAgainst(2));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a part list that is not exactly parts 1..3 is 400")
  @ValueSource(strings = {"[1,2]", "[1,2,3,4]", "[1,1,2]", "[2,3,4]", "[1,3,3]"})
  void notEveryPart(String numbers) {
    String parts = new io.vertx.core.json.JsonArray(numbers).stream()
        .map(n -> "{\"partNumber\":" + n + ",\"etag\":\"e\"}")
        .reduce((a, b) -> a + "," + b).orElseThrow();
    CompletionRequest request = parse("{\"parts\":[" + parts + "]}");
    assertThrows(ApiException.class, () -> request.checkedAgainst(3));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("malformed parts are 400")
  @ValueSource(strings = {"{\"parts\":{}}", "{\"parts\":[1]}",
      "{\"parts\":[{\"partNumber\":0,\"etag\":\"e\"}]}",
      "{\"parts\":[{\"partNumber\":10001,\"etag\":\"e\"}]}",
      "{\"parts\":[{\"partNumber\":\"1\",\"etag\":\"e\"}]}",
      "{\"parts\":[{\"partNumber\":1}]}",
      "{\"parts\":[{\"partNumber\":1,\"etag\":\" \"}]}",
      "{\"parts\":[{\"partNumber\":1,\"etag\":\"e\",\"size\":3}]}",
      "{\"part\":[]}"})
  void malformed(String json) {
    assertThrows(ApiException.class, () -> parse(json));
  }
}
