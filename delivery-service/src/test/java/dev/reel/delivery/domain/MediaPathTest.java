package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaPathTest {

  private static final String ID = "01jh0000000000000000000aaa";
  private static final String BASE = "/v1/media/" + ID + "/";

  private static ErrorCode rejection(String rawPath) {
    return assertThrows(ApiException.class, () -> MediaPath.parse(rawPath)).code();
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("the files the transcoder writes are accepted as they are")
  @ValueSource(strings = {"master.m3u8", "manifest.mpd", "job.json", "cmaf/360p/index.m3u8",
      "cmaf/360p/init.mp4", "cmaf/audio/seg_00001.m4s", "thumbs/poster.jpg",
      "thumbs/storyboard.vtt", "thumbs/storyboard.jpg"})
  void acceptsOutputs(String file) {
    assertEquals(new MediaPath(ID, file), MediaPath.parse(BASE + file));
  }

  @Test
  @DisplayName("the file name is the last segment")
  void fileName() {
    assertEquals("seg_00001.m4s", MediaPath.parse(BASE + "cmaf/720p/seg_00001.m4s").fileName());
    assertEquals("master.m3u8", MediaPath.parse(BASE + "master.m3u8").fileName());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("dot segments, empty segments, encodings and odd characters are refused")
  @ValueSource(strings = {"../other/master.m3u8", "cmaf/../../x", "..", ".", "./master.m3u8",
      "cmaf//360p/init.mp4", "/etc/passwd", "cmaf/", "cmaf%2F360p/init.mp4",
      "%2e%2e/master.m3u8", "cmaf/360p/..%2f..%2fx", "a\\b", "x%00y", "master.m3u8?x",
      "sp ace.mp4", "caf\u00e9.jpg", "c:/x", ""})
  void refusesTraversal(String file) {
    assertEquals(ErrorCode.INVALID_MEDIA_PATH, rejection(BASE + file));
  }

  @Test
  @DisplayName("a path that is too deep or too long is refused")
  void refusesOversized() {
    assertEquals(ErrorCode.INVALID_MEDIA_PATH, rejection(BASE + "a/".repeat(8) + "x"));
    assertEquals(ErrorCode.INVALID_MEDIA_PATH, rejection(BASE + "a".repeat(129)));
    String why = assertThrows(ApiException.class, () -> MediaPath.parse(BASE + "a".repeat(129)))
        .getMessage();
    assertTrue(why.endsWith("a segment is longer than 128 characters"), why);
    assertEquals(ErrorCode.INVALID_MEDIA_PATH,
        rejection(BASE + ("a".repeat(100) + "/").repeat(5) + "x".repeat(100)));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("an asset id that is not one is refused as such, encoded or not")
  @ValueSource(strings = {"not-an-id", "01JH0000000000000000000AAA", "01jh0000000000000000000aa",
      "01jh%30000000000000000000aaa", ".."})
  void refusesBadAssetId(String assetId) {
    assertEquals(ErrorCode.INVALID_ASSET_ID,
        rejection("/v1/media/" + assetId + "/master.m3u8"));
  }

  @Test
  @DisplayName("a path outside /v1/media/ is refused")
  void refusesOtherPrefix() {
    assertEquals(ErrorCode.INVALID_MEDIA_PATH, rejection("//v1/media/" + ID + "/master.m3u8"));
    assertEquals(ErrorCode.INVALID_MEDIA_PATH, rejection(null));
  }

  @Test
  @DisplayName("a refused path is echoed in printable ASCII, other bytes percent-encoded")
  void refusedPathIsEchoedAsTheBytesSent() {
    // "café.jpg" sent as raw UTF-8: the server reads the request line as ISO-8859-1, so the
    // two bytes of the é arrive as two characters.
    String raw = BASE + "caf\u00c3\u00a9.jpg";
    ApiException refused = assertThrows(ApiException.class, () -> MediaPath.parse(raw));

    assertEquals(ErrorCode.INVALID_MEDIA_PATH, refused.code());
    assertTrue(refused.getMessage().startsWith("'" + BASE + "caf%C3%A9.jpg' is not a media"),
        refused.getMessage());
  }

  @Test
  @DisplayName("control characters, spaces and characters past U+00FF are encoded too")
  void otherCharactersAreEncoded() {
    assertEquals("a%00b%20c%7Fd%C3%A9%E2%82%AC",
        MediaPath.abbreviated("a\u0000b c\u007fd\u00c3\u00a9\u20ac"));
    assertEquals("x".repeat(200) + "...", MediaPath.abbreviated("x".repeat(201)));
    assertEquals("", MediaPath.abbreviated(null));
  }
}
