package dev.reel.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigReaderTest {

  private static final String KEY = "REEL_SOME_KEY";

  private static ConfigReader with(Object value) {
    return new ConfigReader(new JsonObject().put(KEY, value));
  }

  private static ConfigReader empty() {
    return new ConfigReader(new JsonObject());
  }

  private static void assertMessageNames(Executable read, String... parts) {
    ConfigException e = assertThrows(ConfigException.class, read);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part),
          () -> "message should name '" + part + "': " + e.getMessage());
    }
  }

  // ---- strings -----------------------------------------------------------------------------

  @Test
  @DisplayName("a required key that is absent is a ConfigException naming the key")
  void missingRequiredKey() {
    assertMessageNames(() -> empty().string(KEY), KEY);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a blank value counts as not set")
  @ValueSource(strings = {"", "  ", "\t"})
  void blankIsMissing(String value) {
    assertEquals(Optional.empty(), with(value).optionalString(KEY));
    assertMessageNames(() -> with(value).string(KEY), KEY);
  }

  @Test
  @DisplayName("a value is read trimmed")
  void valueTrimmed() {
    assertEquals("abc", with("  abc ").string(KEY));
  }

  @Test
  @DisplayName("a non-string JSON value (from a config file) is read as its text")
  void nonStringValue() {
    assertEquals("8080", with(8080).string(KEY));
  }

  @Test
  @DisplayName("the reader works on a copy: later changes to the JSON are not seen")
  void readsACopy() {
    JsonObject json = new JsonObject().put(KEY, "before");
    ConfigReader reader = new ConfigReader(json);
    json.put(KEY, "after");
    assertEquals("before", reader.string(KEY));
  }

  // ---- numbers -----------------------------------------------------------------------------

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @DisplayName("a port from 0 to 65535 is accepted")
  @CsvSource({"0, 0", "80, 80", "' 8080 ', 8080", "65535, 65535"})
  void validPort(String value, int expected) {
    assertEquals(expected, with(value).port(KEY));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a port outside 0..65535 is rejected, naming the key and the value")
  @ValueSource(strings = {"-1", "65536", "100000"})
  void portOutOfRange(String value) {
    assertMessageNames(() -> with(value).port(KEY), KEY, value);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a port that is not a number is rejected, naming the key and the value")
  @ValueSource(strings = {"http", "80a", "8080.0", "99999999999"})
  void portNotANumber(String value) {
    assertMessageNames(() -> with(value).port(KEY), KEY, "'" + value + "'");
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @DisplayName("an integer is parsed")
  @CsvSource({"0, 0", "-5, -5", "2147483647, 2147483647"})
  void validInteger(String value, int expected) {
    assertEquals(expected, with(value).integer(KEY));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("an integer that is not a whole number is rejected, naming the key and the value")
  @ValueSource(strings = {"six", "1.5", "1e3", "2147483648"})
  void badInteger(String value) {
    assertMessageNames(() -> with(value).integer(KEY), KEY, "'" + value + "'");
  }

  @Test
  @DisplayName("a missing integer is rejected as missing, naming the key")
  void missingInteger() {
    assertMessageNames(() -> empty().integer(KEY), KEY, "not set");
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @DisplayName("a positive long is parsed")
  @CsvSource({"1, 1", "53687091200, 53687091200", "9223372036854775807, 9223372036854775807"})
  void validPositiveLong(String value, long expected) {
    assertEquals(expected, with(value).positiveLong(KEY));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("zero or a negative value is rejected as a positive long, naming key and value")
  @ValueSource(strings = {"0", "-1"})
  void notPositiveLong(String value) {
    assertMessageNames(() -> with(value).positiveLong(KEY), KEY, value);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a positive long that is not a number is rejected, naming key and value")
  @ValueSource(strings = {"lots", "10GB", "9223372036854775808"})
  void badPositiveLong(String value) {
    assertMessageNames(() -> with(value).positiveLong(KEY), KEY, "'" + value + "'");
  }

  // ---- booleans ----------------------------------------------------------------------------

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @DisplayName("true/false, yes/no and 1/0 are booleans, in any case")
  @CsvSource({"true, true", "TRUE, true", "yes, true", "Yes, true", "1, true",
      "false, false", "False, false", "no, false", "NO, false", "0, false"})
  void validBool(String value, boolean expected) {
    assertEquals(expected, with(value).bool(KEY));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("any other boolean is rejected, naming the key and the value")
  @ValueSource(strings = {"maybe", "on", "2", "t"})
  void badBool(String value) {
    assertMessageNames(() -> with(value).bool(KEY), KEY, "'" + value + "'");
  }

  // ---- URIs --------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @DisplayName("an absolute URL is read as a URI")
  @ValueSource(strings = {"http://127.0.0.1:9000", "https://s3.eu-west-1.amazonaws.com",
      "http://minio:9000/"})
  void validUri(String value) {
    assertEquals(Optional.of(URI.create(value)), with(value).optionalUri(KEY));
  }

  @Test
  @DisplayName("an absent URL is empty")
  void absentUri() {
    assertEquals(Optional.empty(), empty().optionalUri(KEY));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a URL without scheme or host is rejected, naming the key and the value")
  @ValueSource(strings = {"127.0.0.1:9000", "localhost", "/just/a/path", "http:opaque",
      "http://host:port"})
  void relativeUriRejected(String value) {
    assertMessageNames(() -> with(value).optionalUri(KEY), KEY, "'" + value + "'");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("text that is not a URL at all is rejected, naming the key and the value")
  @ValueSource(strings = {"http://exa mple.com", "http://[::1", "ht^tp://host"})
  void unparseableUriRejected(String value) {
    assertMessageNames(() -> with(value).optionalUri(KEY), KEY, "'" + value + "'");
  }

  // ---- lists -------------------------------------------------------------------------------

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a list is split on commas, trimmed, and blank entries dropped")
  @ValueSource(strings = {"a,b,c", " a , b ,c ", "a,,b,c", ",a, ,b,c,"})
  void listSplitsAndTrims(String value) {
    assertEquals(List.of("a", "b", "c"), with(value).list(KEY));
  }

  @Test
  @DisplayName("an absent list is empty")
  void absentList() {
    assertEquals(List.of(), empty().list(KEY));
  }

  @Test
  @DisplayName("a list keeps duplicates and order")
  void listKeepsOrder() {
    assertEquals(List.of("b", "a", "b"), with("b,a,b").list(KEY));
  }

  @Test
  @DisplayName("nonEmptySet rejects an empty list, naming the key and the hint")
  void nonEmptySetRejectsEmpty() {
    assertMessageNames(() -> with(" , ").nonEmptySet(KEY, "set some"), KEY, "set some");
  }

  @Test
  @DisplayName("nonEmptySet removes duplicates")
  void nonEmptySetDeduplicates() {
    assertEquals(Set.of("a", "b"), with("a,b,a").nonEmptySet(KEY, "hint"));
  }

  // ---- keysRead ----------------------------------------------------------------------------

  @Test
  @DisplayName("keysRead records every key asked for, set or not, successful or not")
  void keysReadRecordsKeys() {
    ConfigReader reader = new ConfigReader(new JsonObject()
        .put("A_STRING", "x").put("A_PORT", "80").put("A_BAD_BOOL", "maybe"));
    reader.string("A_STRING");
    reader.port("A_PORT");
    reader.optionalString("NOT_SET");
    reader.list("A_LIST");
    reader.optionalUri("A_URI");
    assertThrows(ConfigException.class, () -> reader.bool("A_BAD_BOOL"));
    assertThrows(ConfigException.class, () -> reader.integer("MISSING_INT"));
    assertEquals(Set.of("A_STRING", "A_PORT", "NOT_SET", "A_LIST", "A_URI", "A_BAD_BOOL",
        "MISSING_INT"), reader.keysRead());
  }

  @Test
  @DisplayName("keysRead does not include keys that are set but never read")
  void keysReadIgnoresUnreadKeys() {
    ConfigReader reader = new ConfigReader(new JsonObject().put("SET", "1").put("READ", "2"));
    reader.string("READ");
    assertEquals(Set.of("READ"), reader.keysRead());
  }

  @Test
  @DisplayName("keysRead is a snapshot that cannot be modified")
  void keysReadIsSnapshot() {
    ConfigReader reader = with("x");
    reader.string(KEY);
    Set<String> snapshot = reader.keysRead();
    reader.optionalString("LATER");
    assertEquals(Set.of(KEY), snapshot);
    assertThrows(UnsupportedOperationException.class, () -> snapshot.add("X"));
  }
}
