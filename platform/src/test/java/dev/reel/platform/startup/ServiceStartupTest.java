package dev.reel.platform.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.platform.embedded.Jars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each service is a runnable jar that starts on its own, and refuses to start on bad
 * configuration with exit code 2 and a message naming the key, before it touches the network.
 */
class ServiceStartupTest {

  private record Outcome(int exitCode, String output) {
  }

  private static Outcome run(String module, Map<String, String> env)
      throws IOException, InterruptedException {
    Path jar = Jars.home().resolve(module + "/target/" + module + ".jar");
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString())).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("REEL_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(module + " did not exit within 60 s on bad configuration");
    }
    return new Outcome(process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("ingest without an API key exits 2 naming REEL_API_KEY")
  void ingestNeedsApiKey() throws Exception {
    Outcome outcome = run("ingest-service", Map.of());
    assertEquals(2, outcome.exitCode(), outcome.output());
    assertTrue(outcome.output().contains("REEL_API_KEY is required"), outcome.output());
  }

  @Test
  @DisplayName("a port that is not a number stops delivery, naming the key and the value")
  void deliveryRejectsBadPort() throws Exception {
    Outcome outcome = run("delivery-service", Map.of("REEL_DELIVERY_PORT", "eighty"));
    assertEquals(2, outcome.exitCode(), outcome.output());
    assertTrue(outcome.output().contains("REEL_DELIVERY_PORT must be a whole number, was 'eighty'"),
        outcome.output());
  }

  @Test
  @DisplayName("a malformed S3 endpoint stops transcode, naming the key")
  void transcodeRejectsBadEndpoint() throws Exception {
    Outcome outcome = run("transcode-service", Map.of("REEL_S3_ENDPOINT", "not a url"));
    assertEquals(2, outcome.exitCode(), outcome.output());
    assertTrue(outcome.output().contains("REEL_S3_ENDPOINT"), outcome.output());
  }

  @Test
  @DisplayName("transcode on MediaConvert without a role exits 2 naming "
      + "REEL_MEDIACONVERT_ROLE_ARN")
  void mediaConvertNeedsRole() throws Exception {
    Outcome outcome = run("transcode-service", Map.of("REEL_TRANSCODE_BACKEND", "mediaconvert",
        "REEL_S3_ENDPOINT", ""));
    assertEquals(2, outcome.exitCode(), outcome.output());
    assertTrue(outcome.output().contains("REEL_MEDIACONVERT_ROLE_ARN is required"),
        outcome.output());
  }

  @Test
  @DisplayName("a config file that does not exist stops admin, naming REEL_CONFIG_FILE")
  void adminRejectsMissingConfigFile() throws Exception {
    Outcome outcome = run("admin-service", Map.of("REEL_API_KEY", "a-key-long-enough-0123",
        "REEL_CONFIG_FILE", "no-such-file.json"));
    assertEquals(2, outcome.exitCode(), outcome.output());
    assertTrue(outcome.output().contains("REEL_CONFIG_FILE"), outcome.output());
  }

  @Test
  @DisplayName("delivery without a signing key exits 2, naming the keys and the way to turn "
      + "signing off")
  void deliveryNeedsSigningKey() throws Exception {
    Outcome outcome = run("delivery-service", Map.of("REEL_API_KEY", "a-key-long-enough-0123"));
    assertEquals(2, outcome.exitCode(), outcome.output());
    assertTrue(outcome.output().contains("REEL_SIGNING_KEY_ID and REEL_SIGNING_PRIVATE_KEY_FILE "
        + "are required"), outcome.output());
    assertTrue(outcome.output().contains("REEL_SIGNING_REQUIRED=false"), outcome.output());
  }

  @Test
  @DisplayName("delivery with a signing key file that is not there exits 2 naming "
      + "REEL_SIGNING_PRIVATE_KEY_FILE, before it touches the network")
  void deliveryRejectsMissingKeyFile() throws Exception {
    Outcome outcome = run("delivery-service", Map.of("REEL_API_KEY", "a-key-long-enough-0123",
        "REEL_SIGNING_KEY_ID", "K1", "REEL_SIGNING_PRIVATE_KEY_FILE", "no-such-key.pem",
        "REEL_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"));
    assertEquals(2, outcome.exitCode(), outcome.output());
    assertTrue(outcome.output().contains("REEL_SIGNING_PRIVATE_KEY_FILE: cannot read key file"),
        outcome.output());
  }
}
