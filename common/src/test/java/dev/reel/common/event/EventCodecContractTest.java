package dev.reel.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventCodecContractTest {

  private static final String ASSET = "01m8manvhb0nm84e8c1pz976f1";

  private static MediaUploaded upload(String assetId) {
    return new MediaUploaded(assetId, "reel", "originals/" + assetId + "/source", 10,
        "0".repeat(64), "video/mp4", null, Map.of(), "STANDARD", null, UploadMode.SINGLE,
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  private static CloudEvent withData(String json) {
    return CloudEventBuilder.v1().withId("e1").withType("media.uploaded")
        .withSource(URI.create("/test")).withSubject(ASSET)
        .withData("application/json", json.getBytes(StandardCharsets.UTF_8)).build();
  }

  @Test
  @DisplayName("an event whose key differs from the payload's asset id is refused at encoding")
  void keyMustMatchPayload() {
    var e = assertThrows(IllegalArgumentException.class, () ->
        EventCodec.encode(Topic.MEDIA_UPLOADED, "/test", "01m8manvhb0nm84e8c1pz976f2",
            upload(ASSET)));
    assertTrue(e.getMessage().contains("differs"), e.getMessage());
  }

  @Test
  @DisplayName("a payload without a required field is malformed, not decoded with a zero")
  void missingRequiredFieldIsMalformed() {
    String json = new String(EventCodec.toJson(upload(ASSET)), StandardCharsets.UTF_8)
        .replace("\"size\":10,", "");
    var e = assertThrows(EventCodec.MalformedEventException.class,
        () -> EventCodec.decode(withData(json), MediaUploaded.class));
    assertTrue(e.getMessage().contains("size"), e.getMessage());
  }

  @Test
  @DisplayName("a payload may leave out nullable fields and carry unknown ones")
  void nullableAndUnknownFieldsAreFine() {
    String json = new String(EventCodec.toJson(upload(ASSET)), StandardCharsets.UTF_8)
        .replace("\"filename\":null,", "").replaceFirst("\\{", "{\"addedLater\":1,");
    assertEquals(upload(ASSET), EventCodec.decode(withData(json), MediaUploaded.class).data());
  }

  @Test
  @DisplayName("a required field inside a nested record is checked too")
  void nestedRequiredFieldIsChecked() {
    var completed = new TranscodeCompleted(ASSET, "job", "ffmpeg", "m.m3u8", "m.mpd",
        null, null, "job.json",
        java.util.List.of(new Rendition("360p", Rendition.VIDEO, 640, 360, 30, 800000, 700000,
            "avc1", "p.m3u8")), 1.0, 1, 1, 1.0,
        Instant.parse("2026-01-01T00:00:00Z"));
    String json = new String(EventCodec.toJson(completed), StandardCharsets.UTF_8)
        .replace("\"codecs\":\"avc1\",", "");
    assertThrows(EventCodec.MalformedEventException.class,
        () -> EventCodec.decode(withData(json), TranscodeCompleted.class));
  }
}
