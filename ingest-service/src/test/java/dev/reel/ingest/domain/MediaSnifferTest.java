package dev.reel.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
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

  /** What the upload paths hand the sniffer: at most its first {@code BYTES_NEEDED} bytes. */
  private static byte[] head(byte[] upload) {
    return Arrays.copyOf(upload, Math.min(upload.length, MediaSniffer.BYTES_NEEDED));
  }

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of("mp4", hex("00000018 66747970 69736f6d 00000200"), MediaFormat.MP4),
        Arguments.of("mov", hex("00000014 66747970 71742020 00000000"), MediaFormat.QUICKTIME),
        Arguments.of("old mov", hex("00000008 77696465 0000"), MediaFormat.QUICKTIME),
        Arguments.of("webm", hex("1a45dfa3 9f428286 81014282 847765626d"), MediaFormat.WEBM),
        Arguments.of("mkv", hex("1a45dfa3 a3428286 8101428288 6d6174726f736b61"),
            MediaFormat.MATROSKA),
        Arguments.of("mpeg-ts", TransportStreams.of(188, 0, 8), MediaFormat.MPEG_TS),
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
    assertEquals(Optional.of(expected), MediaSniffer.sniff(head(head)));
  }

  static Stream<Arguments> transportStreams() {
    return Stream.of(
        Arguments.of("M2TS (Blu-ray, AVCHD): 192-byte packets", 192, 0),
        Arguments.of("DVB capture with Reed-Solomon parity: 204-byte packets", 204, 0),
        Arguments.of("cut mid-packet (tail -c +101)", 188, 100),
        Arguments.of("cut in adaptation field stuffing, so starting FF FF like MP3", 188, 10),
        Arguments.of("M2TS cut mid-packet", 192, 191),
        Arguments.of("204-byte packets cut mid-packet", 204, 150));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transportStreams")
  @DisplayName("a transport stream is recognised at 188, 192 or 204 bytes a packet, from any "
      + "byte of its first packet")
  void recognisesTransportStreams(String name, int packetSize, int skip) {
    byte[] stream = TransportStreams.of(packetSize, skip, 8);
    assertEquals(Optional.of(MediaFormat.MPEG_TS), MediaSniffer.sniff(head(stream)));
  }

  @Test
  @DisplayName("a transport stream cut mid-packet is stored as video/mp2t, declared or not, "
      + "not refused as the MP3 its first bytes look like")
  void midPacketTransportStreamIsMp2t() {
    byte[] head = head(TransportStreams.of(188, 10, 8));
    assertEquals("video/mp2t", MediaTypeCheck.storedContentType("video/mp2t", head));
    assertEquals("video/mp2t",
        MediaTypeCheck.storedContentType("application/octet-stream", head));
  }

  @Test
  @DisplayName("random bytes with sync bytes here and there, two of them a packet apart from "
      + "byte 0, are refused")
  void randomBytesAreNotATransportStream() {
    for (int seed = 0; seed < 1_000; seed++) {
      Random random = new Random(seed);
      byte[] head = new byte[MediaSniffer.BYTES_NEEDED];
      random.nextBytes(head);
      for (int i = 0; i < 8; i++) {
        head[random.nextInt(head.length)] = 0x47;
      }
      head[0] = 0x47;
      head[188] = 0x47;
      head[3] = 0x10;
      head[191] = 0x10;
      assertEquals(Optional.empty(), MediaSniffer.sniff(head), "seed " + seed);
    }
  }

  @Test
  @DisplayName("four packets, or sync bytes whose header says reserved (a run of 'G's), are "
      + "not a transport stream")
  void tooLittleOfATransportStream() {
    assertEquals(Optional.empty(), MediaSniffer.sniff(TransportStreams.of(188, 0, 4)));
    assertEquals(Optional.empty(), MediaSniffer.sniff(head(ascii("G".repeat(2_000)))));
  }

  static Stream<Arguments> identicalFrames() {
    return Stream.of(
        // MPEG-1 layer III, 64 kbit/s, 48 kHz, no padding: 144 * 64000 / 48000 = 192 bytes.
        Arguments.of("MP3, 64 kbit/s at 48 kHz", "fffb54c4", MediaFormat.MP3),
        // ADTS, AAC LC, 44.1 kHz, stereo, frame length 192.
        Arguments.of("ADTS", "fff15080 181ffc", MediaFormat.AAC));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identicalFrames")
  @DisplayName("audio of identical 192-byte frames (a tone, silence) stays audio, though 0x47 "
      + "repeats in it 192 bytes apart as in M2TS")
  void identicalFramesStayAudio(String name, String header, MediaFormat expected) {
    byte[] frame = new byte[192];
    new Random(192).nextBytes(frame);
    System.arraycopy(hex(header), 0, frame, 0, hex(header).length);
    frame[100] = 0x47;
    frame[103] = 0x10;
    byte[] audio = new byte[frame.length * 8];
    for (int i = 0; i < 8; i++) {
      System.arraycopy(frame, 0, audio, i * frame.length, frame.length);
    }
    assertEquals(Optional.of(expected), MediaSniffer.sniff(head(audio)));
  }

  @Test
  @DisplayName("Matroska whose title says webm, after the EBML header, stays Matroska")
  void webmOnlyInTheEbmlHeader() {
    byte[] mkv = new byte[MediaSniffer.BYTES_NEEDED];
    byte[] ebml = hex("1a45dfa3 a3428286 8101428288 6d6174726f736b61");
    System.arraycopy(ebml, 0, mkv, 0, ebml.length);
    byte[] title = ascii("my webm export");
    System.arraycopy(title, 0, mkv, 300, title.length);
    assertEquals(Optional.of(MediaFormat.MATROSKA), MediaSniffer.sniff(mkv));
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
