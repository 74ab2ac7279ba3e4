package dev.reel.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MediaSnifferTest {

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] transportStream() {
    byte[] ts = new byte[376];
    ts[0] = 0x47;
    ts[188] = 0x47;
    return ts;
  }

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of("mp4", hex("00000018 66747970 69736f6d 00000200"), MediaFormat.MP4),
        Arguments.of("mov", hex("00000014 66747970 71742020 00000000"), MediaFormat.QUICKTIME),
        Arguments.of("old mov", hex("00000008 77696465 0000"), MediaFormat.QUICKTIME),
        Arguments.of("webm", hex("1a45dfa3 9f428286 81014282 847765626d"), MediaFormat.WEBM),
        Arguments.of("mkv", hex("1a45dfa3 a3428286 8101428288 6d6174726f736b61"),
            MediaFormat.MATROSKA),
        Arguments.of("mpeg-ts", transportStream(), MediaFormat.MPEG_TS),
        Arguments.of("wav", ascii("RIFF\0\0\0\0WAVEfmt "), MediaFormat.WAV),
        Arguments.of("mp3 with ID3", ascii("ID3\u0004\0\0"), MediaFormat.MP3),
        Arguments.of("mp3 frame", hex("fffb9064"), MediaFormat.MP3),
        Arguments.of("aac adts", hex("fff15080"), MediaFormat.AAC),
        Arguments.of("jpeg", hex("ffd8ffe0 00104a46"), MediaFormat.JPEG),
        Arguments.of("png", hex("89504e47 0d0a1a0a 0000000d"), MediaFormat.PNG));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  @DisplayName("each supported format is recognised by its first bytes")
  void recognises(String name, byte[] head, MediaFormat expected) {
    assertEquals(Optional.of(expected), MediaSniffer.sniff(head));
  }

  @Test
  @DisplayName("text, PDF, ZIP, an MPEG-TS sync byte without its second packet, and nothing")
  void refusesTheRest() {
    assertTrue(MediaSniffer.sniff(ascii("hello, this is a text file")).isEmpty());
    assertTrue(MediaSniffer.sniff(ascii("%PDF-1.7")).isEmpty());
    assertTrue(MediaSniffer.sniff(hex("504b0304")).isEmpty());
    byte[] notTs = new byte[376];
    notTs[0] = 0x47;
    assertTrue(MediaSniffer.sniff(notTs).isEmpty());
    assertTrue(MediaSniffer.sniff(new byte[0]).isEmpty());
  }

  @Test
  @DisplayName("an open content type takes the sniffed one; an honest one is kept")
  void storedContentType() {
    byte[] png = hex("89504e47 0d0a1a0a");
    assertEquals("image/png", MediaTypeCheck.storedContentType("application/octet-stream", png));
    byte[] mp4 = hex("00000018 66747970 69736f6d");
    assertEquals("audio/mp4", MediaTypeCheck.storedContentType("audio/mp4", mp4));
    assertEquals("video/mp4",
        MediaTypeCheck.storedContentType("application/x-www-form-urlencoded", mp4));
  }

  @Test
  @DisplayName("a declared type the bytes contradict, or no media at all, is 415")
  void contradictionsAre415() {
    byte[] png = hex("89504e47 0d0a1a0a");
    ApiException mismatch = assertThrows(ApiException.class,
        () -> MediaTypeCheck.storedContentType("video/mp4", png));
    assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, mismatch.code());
    assertTrue(mismatch.getMessage().contains("image/png"), mismatch.getMessage());
    ApiException text = assertThrows(ApiException.class,
        () -> MediaTypeCheck.storedContentType("video/mp4", ascii("just text")));
    assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, text.code());
  }

  @Test
  @DisplayName("tags parse like x-amz-tagging and obey S3's limits")
  void tags() {
    assertEquals(java.util.Map.of("project", "blue sky", "year", "2026"),
        UploadRequest.tags("project=blue%20sky&year=2026"));
    assertThrows(ApiException.class, () -> UploadRequest.tags("a=1&a=2"));
    assertThrows(ApiException.class, () -> UploadRequest.tags("=novalue"));
    assertThrows(ApiException.class, () -> UploadRequest.tags("k=" + "v".repeat(257)));
    StringBuilder eleven = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      eleven.append(i == 0 ? "" : "&").append("t").append(i).append("=x");
    }
    assertThrows(ApiException.class, () -> UploadRequest.tags(eleven.toString()));
  }
}
