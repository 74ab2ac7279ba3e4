package dev.reel.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IngestConfigTest {

  private static final String KEY = "0123456789abcdef-ingest";
  private static final int MIB = 1024 * 1024;

  private static JsonObject valid() {
    return IngestConfig.defaults().put("REEL_API_KEY", KEY);
  }

  private static IngestConfig read(JsonObject json) {
    return IngestConfig.read(new ConfigReader(json));
  }

  private static ConfigException rejected(JsonObject json) {
    return assertThrows(ConfigException.class, () -> read(json));
  }

  @Test
  @DisplayName("the defaults plus an API key make a valid configuration")
  void defaultsAreValid() {
    IngestConfig config = read(valid());
    assertEquals("127.0.0.1", config.http().host());
    assertEquals(8081, config.http().port());
    assertEquals(Set.of(KEY), config.apiKeys());
    assertEquals(50L * 1024 * MIB, config.maxUploadBytes());
    assertEquals(8 * MIB, config.partSizeBytes());
    assertEquals("127.0.0.1:9092", config.kafka().bootstrapServers());
    assertEquals("reel", config.s3().bucket());
    assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), config.s3().endpoint());
  }

  @Test
  @DisplayName("several comma-separated API keys are all accepted, trimmed")
  void severalApiKeys() {
    IngestConfig config = read(valid().put("REEL_API_KEY",
        " aaaaaaaaaaaaaaaa , bbbbbbbbbbbbbbbbbbbb,"));
    assertEquals(Set.of("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb"), config.apiKeys());
  }

  @ParameterizedTest(name = "{0} bytes")
  @DisplayName("a part size from 5 MiB to 512 MiB inclusive is accepted")
  @ValueSource(ints = {5 * MIB, 16 * MIB, 512 * MIB})
  void partSizeInRange(int bytes) {
    IngestConfig config = read(valid().put("REEL_UPLOAD_PART_SIZE_BYTES", String.valueOf(bytes)));
    assertEquals(bytes, config.partSizeBytes());
  }

  @ParameterizedTest(name = "{0} bytes")
  @DisplayName("a part size outside 5 MiB..512 MiB is rejected, naming REEL_UPLOAD_PART_SIZE_BYTES")
  @ValueSource(longs = {1, 5L * MIB - 1, 512L * MIB + 1, 4L * 1024 * MIB})
  void partSizeOutOfRange(long bytes) {
    ConfigException e = rejected(valid().put("REEL_UPLOAD_PART_SIZE_BYTES",
        String.valueOf(bytes)));
    assertTrue(e.getMessage().contains("REEL_UPLOAD_PART_SIZE_BYTES"), e.getMessage());
    assertTrue(e.getMessage().contains(String.valueOf(bytes)), e.getMessage());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a part size that is not a positive number is rejected, naming the key")
  @ValueSource(strings = {"0", "-8388608", "8MiB", "8388608.0"})
  void partSizeNotPositiveNumber(String value) {
    ConfigException e = rejected(valid().put("REEL_UPLOAD_PART_SIZE_BYTES", value));
    assertTrue(e.getMessage().contains("REEL_UPLOAD_PART_SIZE_BYTES"), e.getMessage());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a missing or blank API key is rejected, naming REEL_API_KEY")
  @ValueSource(strings = {"", "   ", ",", " , , "})
  void missingApiKey(String value) {
    ConfigException e = rejected(valid().put("REEL_API_KEY", value));
    assertTrue(e.getMessage().contains("REEL_API_KEY"), e.getMessage());
  }

  @Test
  @DisplayName("an absent API key is rejected, naming REEL_API_KEY")
  void absentApiKey() {
    JsonObject json = valid();
    json.remove("REEL_API_KEY");
    ConfigException e = rejected(json);
    assertTrue(e.getMessage().contains("REEL_API_KEY"), e.getMessage());
  }

  @Test
  @DisplayName("a 16-character API key is long enough")
  void apiKeyOfSixteenAccepted() {
    assertEquals(Set.of("sixteen-chars-ok"),
        read(valid().put("REEL_API_KEY", "sixteen-chars-ok")).apiKeys());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("an API key shorter than 16 characters is rejected, naming REEL_API_KEY")
  @ValueSource(strings = {"short", "fifteen-chars-x", "0123456789abcdef,tooshort"})
  void shortApiKeyRejected(String value) {
    ConfigException e = rejected(valid().put("REEL_API_KEY", value));
    assertTrue(e.getMessage().contains("REEL_API_KEY"), e.getMessage());
  }

  @Test
  @DisplayName("the short-key error does not echo the secret key")
  void shortApiKeyNotEchoed() {
    ConfigException e = rejected(valid().put("REEL_API_KEY", "hunter2-secret"));
    assertFalse(e.getMessage().contains("hunter2-secret"), e.getMessage());
  }
}
