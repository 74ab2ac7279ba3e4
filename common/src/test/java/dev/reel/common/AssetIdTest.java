package dev.reel.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AssetIdTest {

  private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

  @Test
  @DisplayName("a generated id is 26 characters long")
  void length() {
    assertEquals(26, AssetId.generate().length());
  }

  @Test
  @DisplayName("a generated id uses only lower-case Crockford base32 (no i, l, o, u)")
  void alphabet() {
    for (int i = 0; i < 1000; i++) {
      String id = AssetId.generate();
      for (char c : id.toCharArray()) {
        assertTrue(ALPHABET.indexOf(c) >= 0, () -> "'" + c + "' in " + id);
      }
    }
  }

  @Test
  @DisplayName("a generated id is valid")
  void generatedIsValid() {
    for (int i = 0; i < 1000; i++) {
      String id = AssetId.generate();
      assertTrue(AssetId.isValid(id), id);
    }
  }

  @Test
  @DisplayName("ids generated in the same millisecond differ")
  void sameMillisecondDiffers() {
    Set<String> ids = new HashSet<>();
    IntStream.range(0, 10_000).forEach(i -> ids.add(AssetId.generate(1_700_000_000_000L)));
    assertEquals(10_000, ids.size());
  }

  @ParameterizedTest(name = "{0} ms then {1} ms")
  @DisplayName("an id generated in a later millisecond sorts after an earlier one")
  @CsvSource({
      "0, 1",
      "1699999999999, 1700000000000",
      "1700000000000, 1700000000001",
      "1700000000000, 1700000000032",   // carries into the next base32 digit
      "1700000000000, 4102444800000",   // 2100-01-01
      "281474976710654, 281474976710655", // the last two 48-bit milliseconds
  })
  void laterSortsAfter(long earlier, long later) {
    for (int i = 0; i < 100; i++) {
      String a = AssetId.generate(earlier);
      String b = AssetId.generate(later);
      assertTrue(a.compareTo(b) < 0, () -> a + " should sort before " + b);
    }
  }

  @Test
  @DisplayName("the first 10 characters encode the millisecond, the same for the same instant")
  void timestampPrefix() {
    String a = AssetId.generate(1_700_000_000_000L);
    String b = AssetId.generate(1_700_000_000_000L);
    assertEquals(a.substring(0, 10), b.substring(0, 10));
    assertNotEquals(a.substring(10), b.substring(10));
  }

  @Test
  @DisplayName("millisecond 0 is encoded as ten zeros")
  void epochPrefix() {
    assertEquals("0000000000", AssetId.generate(0).substring(0, 10));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("isValid accepts 26 lower-case Crockford base32 characters")
  @ValueSource(strings = {"01hqz8y5k3m4n6p7q8r9stvwxy", "00000000000000000000000000",
      "zzzzzzzzzzzzzzzzzzzzzzzzzz"})
  void validIds(String id) {
    assertTrue(AssetId.isValid(id));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("isValid rejects upper case")
  @ValueSource(strings = {"01HQZ8Y5K3M4N6P7Q8R9STVWXY", "01hqz8y5k3m4n6p7q8r9stvwxY"})
  void rejectsUpperCase(String id) {
    assertFalse(AssetId.isValid(id));
  }

  @ParameterizedTest(name = "''{0}''")
  @DisplayName("isValid rejects the letters Crockford base32 leaves out: i, l, o, u")
  @ValueSource(chars = {'i', 'l', 'o', 'u'})
  void rejectsExcludedLetters(char letter) {
    assertFalse(AssetId.isValid("01hqz8y5k3m4n6p7q8r9stvwx" + letter));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("isValid rejects other characters")
  @ValueSource(strings = {"01hqz8y5k3m4n6p7q8r9stvwx-", "01hqz8y5k3m4n6p7q8r9stvwx ",
      "01hqz8y5k3m4n6p7q8r9stvwx/", "../../../../../../etc/pass", "01hqz8y5k3m4n6p7q8r9stvwx\n"})
  void rejectsOtherCharacters(String id) {
    assertFalse(AssetId.isValid(id));
  }

  @ParameterizedTest(name = "length {0}")
  @DisplayName("isValid rejects a wrong length")
  @ValueSource(ints = {1, 10, 25, 27, 52})
  void rejectsWrongLength(int length) {
    assertFalse(AssetId.isValid("0".repeat(length)));
  }

  @ParameterizedTest
  @DisplayName("isValid rejects null and the empty string")
  @NullAndEmptySource
  void rejectsNullAndEmpty(String id) {
    assertFalse(AssetId.isValid(id));
  }

  @Test
  @DisplayName("isValid agrees with [0-9a-hjkmnp-tv-z]{26} for every character in every place")
  void isValidMatchesTheAlphabet() {
    Pattern alphabet = Pattern.compile("[0-9a-hjkmnp-tv-z]{26}");
    String id = AssetId.generate();
    for (int place : new int[] {0, 13, 25}) {
      for (char c = 0; c < 256; c++) {
        String candidate = id.substring(0, place) + c + id.substring(place + 1);
        assertEquals(alphabet.matcher(candidate).matches(), AssetId.isValid(candidate),
            "character " + (int) c + " at " + place);
      }
    }
    assertFalse(AssetId.isValid(id.substring(1)));
    assertFalse(AssetId.isValid(id + "0"));
  }
}
