package dev.reel.ingest.tus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResumableSha256Test {

  private static String jdkSha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  @DisplayName("the FIPS 180-4 test vectors: empty, 'abc', the 448-bit message, a million a's")
  void knownAnswers() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        digestOf(""));
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        digestOf("abc"));
    assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        digestOf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
    assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
        digestOf("a".repeat(1_000_000)));
  }

  @ParameterizedTest(name = "{0} bytes")
  @DisplayName("any length, fed in random pieces, gives the JDK's digest")
  @ValueSource(ints = {1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 100_003})
  void matchesTheJdk(int length) throws Exception {
    Random random = new Random(length);
    byte[] data = new byte[length];
    random.nextBytes(data);
    ResumableSha256 sha = new ResumableSha256();
    int position = 0;
    while (position < length) {
      int piece = Math.min(length - position, random.nextInt(150));
      sha.update(data, position, piece);
      position += piece;
    }
    assertEquals(jdkSha256(data), sha.hexDigest());
    assertEquals(length, sha.byteCount());
  }

  @ParameterizedTest(name = "{0} bytes")
  @DisplayName("direct buffers, big- or little-endian, fed in random pieces between arrays, "
      + "give the JDK's digest")
  @ValueSource(ints = {1, 63, 64, 65, 1000, 100_003})
  void readsByteBuffers(int length) throws Exception {
    Random random = new Random(length);
    byte[] data = new byte[length];
    random.nextBytes(data);
    ByteBuffer direct = ByteBuffer.allocateDirect(length).put(data).flip();
    direct.order(length % 2 == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    ResumableSha256 sha = new ResumableSha256();
    int position = 0;
    while (position < length) {
      int piece = Math.min(length - position, random.nextInt(300));
      if (random.nextBoolean()) {
        sha.update(data, position, piece);
        direct.position(position + piece);
      } else {
        sha.update(direct.limit(position + piece));
        direct.limit(length);
      }
      position += piece;
    }
    assertEquals(jdkSha256(data), sha.hexDigest());
    assertEquals(length, direct.position());
  }

  @Test
  @DisplayName("a state written down mid-way and picked up again gives the same digest")
  void resumesFromItsState() throws Exception {
    Random random = new Random(7);
    byte[] data = new byte[50_000];
    random.nextBytes(data);
    ResumableSha256 first = new ResumableSha256();
    first.update(data, 0, 12_345);
    String state = first.state();

    ResumableSha256 resumed = ResumableSha256.fromState(state);
    resumed.update(data, 12_345, data.length - 12_345);

    assertEquals(jdkSha256(data), resumed.hexDigest());
    assertEquals(state, ResumableSha256.fromState(state).state());
  }

  @Test
  @DisplayName("asking for the digest does not disturb the running state")
  void digestIsNotFinal() throws Exception {
    ResumableSha256 sha = new ResumableSha256();
    sha.update("ab".getBytes(StandardCharsets.US_ASCII));
    sha.hexDigest();
    sha.update("c".getBytes(StandardCharsets.US_ASCII));
    assertEquals(jdkSha256("abc".getBytes(StandardCharsets.US_ASCII)), sha.hexDigest());
  }

  @Test
  @DisplayName("a state that is not one, or contradicts itself, is refused")
  void badStates() {
    String good = new ResumableSha256().state();
    assertThrows(IllegalArgumentException.class, () -> ResumableSha256.fromState("nonsense"));
    assertThrows(IllegalArgumentException.class,
        () -> ResumableSha256.fromState(good.replace(":0:", ":5:")));
  }

  private static String digestOf(String text) {
    ResumableSha256 sha = new ResumableSha256();
    sha.update(text.getBytes(StandardCharsets.US_ASCII));
    return sha.hexDigest();
  }
}
