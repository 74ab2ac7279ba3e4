package dev.reel.transcode.mediaconvert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;

/**
 * The CreateJob JSON in the README is what Reel sends: the example request, marshalled by the
 * SDK itself, must equal the documented one (but for the token the SDK makes up per request).
 */
class ReadmeCreateJobTest {

  static final String BEGIN = "<!-- begin: MediaConvert CreateJob example -->";
  static final String END = "<!-- end: MediaConvert CreateJob example -->";
  static final String TOKEN = "clientRequestToken";

  private static JsonObject sent() {
    CapturingHttpClient http = new CapturingHttpClient(201, "{\"job\":{\"id\":\"1\"}}");
    try (MediaConvertClient client = MediaConvertClient.builder()
        .httpClient(http)
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .build()) {
      client.createJob(Fixtures.example());
    }
    assertEquals(SdkHttpMethod.POST, http.request().method());
    assertEquals(URI.create("https://mediaconvert.eu-west-1.amazonaws.com/2017-08-29/jobs"),
        http.request().getUri());
    return new JsonObject(http.body());
  }

  private static String documented() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    if (begin < 0 || end < begin) {
      return "{}";
    }
    String block = readme.substring(begin + BEGIN.length(), end).strip();
    return block.replaceFirst("^```json\\s*", "").replaceFirst("\\s*```$", "");
  }

  @Test
  @DisplayName("the README's CreateJob JSON is the one the SDK sends for its example")
  void readmeShowsTheRealRequest() throws IOException {
    JsonObject sent = sent();
    UUID.fromString(sent.getString(TOKEN));
    sent.remove(TOKEN);
    JsonObject documented = new JsonObject(documented());
    assertTrue(documented.containsKey(TOKEN) || documented.isEmpty(),
        "the README shows the token too");
    documented.remove(TOKEN);
    assertEquals(documented, sent, () -> "README.md, between " + BEGIN + " and " + END
        + ", should show:\n" + sent.encodePrettily());
  }
}
