package dev.reel.admin.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.common.event.TranscodeProgress;
import dev.reel.common.event.UploadMode;
import dev.reel.common.lifecycle.AssetState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AssetCatalogTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final String A = "01jh0000000000000000000aaa";
  private static final String B = "01jh0000000000000000000bbb";
  private static final String C = "01jh0000000000000000000ccc";

  private final AssetCatalog catalog = new AssetCatalog();

  // ---- events ------------------------------------------------------------------------------

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  private static MediaUploaded uploaded(String assetId, int second) {
    return new MediaUploaded(assetId, "reel", "originals/" + assetId, 1234, "ab".repeat(32),
        "video/mp4", "clip-" + assetId + ".mp4", Map.of(), "STANDARD", "0123456789ab",
        UploadMode.SINGLE, at(second));
  }

  private static MediaDeleted deleted(String assetId, int second) {
    return new MediaDeleted(assetId, "reel", "originals/" + assetId, null, at(second));
  }

  private static TranscodeProgress progress(String assetId, double percent, int second) {
    return new TranscodeProgress(assetId, "job-1", "720p", percent, percent, false,
        at(second));
  }

  private static TranscodeCompleted completed(String assetId, int second) {
    return new TranscodeCompleted(assetId, "job-1", "ffmpeg", "hls/master.m3u8",
        "dash/manifest.mpd", null, null, "job.json", List.of(), 12.5, 800, 4000, 3.1, at(second));
  }

  private static TranscodeFailed failed(String assetId, int second) {
    return new TranscodeFailed(assetId, "job-1", "UNSUPPORTED_CODEC", "no decoder for xvid", 1,
        false, at(second));
  }

  // ---- helpers -----------------------------------------------------------------------------

  private List<AssetSummary> all() {
    return catalog.newestFirst(Integer.MAX_VALUE);
  }

  private AssetSummary only() {
    List<AssetSummary> all = all();
    assertEquals(1, all.size(), () -> "expected exactly one asset: " + all);
    return all.get(0);
  }

  private List<String> ids() {
    return all().stream().map(AssetSummary::assetId).toList();
  }

  // ---- ordering and limit ------------------------------------------------------------------

  @Test
  @DisplayName("assets are listed newest upload first")
  void newestFirst() {
    catalog.uploaded(uploaded(A, 20));
    catalog.uploaded(uploaded(B, 30));
    catalog.uploaded(uploaded(C, 10));
    assertEquals(List.of(B, A, C), ids());
  }

  @Test
  @DisplayName("assets uploaded at the same instant are listed by asset id, descending")
  void tiesByAssetIdDescending() {
    catalog.uploaded(uploaded(B, 10));
    catalog.uploaded(uploaded(C, 10));
    catalog.uploaded(uploaded(A, 10));
    assertEquals(List.of(C, B, A), ids());
  }

  @ParameterizedTest(name = "limit {0} -> {1} assets")
  @DisplayName("the limit caps the list, keeping the newest")
  @CsvSource({"1, 1", "2, 2", "3, 3", "10, 3"})
  void limitHonoured(int limit, int expected) {
    catalog.uploaded(uploaded(A, 10));
    catalog.uploaded(uploaded(B, 20));
    catalog.uploaded(uploaded(C, 30));
    List<AssetSummary> list = catalog.newestFirst(limit);
    assertEquals(List.of(C, B, A).subList(0, expected),
        list.stream().map(AssetSummary::assetId).toList());
  }

  @Test
  @DisplayName("the limit does not change the total size")
  void limitDoesNotChangeSize() {
    catalog.uploaded(uploaded(A, 10));
    catalog.uploaded(uploaded(B, 20));
    catalog.newestFirst(1);
    assertEquals(2, catalog.size());
  }

  // ---- states ------------------------------------------------------------------------------

  @Test
  @DisplayName("an upload alone is UPLOADED, updated when uploaded, with its upload details")
  void uploadedAlone() {
    catalog.uploaded(uploaded(A, 10));
    assertEquals(new AssetSummary(A, 1234, "video/mp4", "clip-" + A + ".mp4", "STANDARD",
        AssetState.UPLOADED, null, null, null, at(10), at(10)), only());
  }

  @Test
  @DisplayName("progress makes an asset TRANSCODING with the reported percent")
  void progressIsTranscoding() {
    catalog.uploaded(uploaded(A, 10));
    catalog.progressed(progress(A, 42.5, 20));
    AssetSummary summary = only();
    assertEquals(AssetState.TRANSCODING, summary.state());
    assertEquals(42.5, summary.percent());
    assertEquals(at(20), summary.updatedAt());
  }

  @Test
  @DisplayName("completion makes an asset READY at 100 percent")
  void completedIsReady() {
    catalog.uploaded(uploaded(A, 10));
    catalog.progressed(progress(A, 50, 20));
    catalog.completed(completed(A, 30));
    AssetSummary summary = only();
    assertEquals(AssetState.READY, summary.state());
    assertEquals(100.0, summary.percent());
    assertEquals(at(30), summary.updatedAt());
  }

  @Test
  @DisplayName("a failure shows FAILED with its failure code and message, and no percent")
  void failedShowsReason() {
    catalog.uploaded(uploaded(A, 10));
    catalog.progressed(progress(A, 50, 20));
    catalog.failed(failed(A, 30));
    AssetSummary summary = only();
    assertEquals(AssetState.FAILED, summary.state());
    assertEquals("UNSUPPORTED_CODEC", summary.failureCode());
    assertEquals("no decoder for xvid", summary.failureMessage());
    assertNull(summary.percent());
    assertEquals(at(30), summary.updatedAt());
  }

  // ---- idempotence and ordering across topics ----------------------------------------------

  @Test
  @DisplayName("applying every event of a lifecycle twice gives the same list as applying it once")
  void sameEventTwiceChangesNothing() {
    List<Consumer<AssetCatalog>> events = List.of(
        c -> c.uploaded(uploaded(A, 10)),
        c -> c.uploaded(uploaded(B, 11)),
        c -> c.uploaded(uploaded(C, 12)),
        c -> c.progressed(progress(A, 30, 20)),
        c -> c.progressed(progress(B, 30, 20)),
        c -> c.completed(completed(A, 30)),
        c -> c.failed(failed(B, 31)),
        c -> c.deleted(deleted(C, 40)));
    AssetCatalog once = new AssetCatalog();
    events.forEach(e -> e.accept(once));
    events.forEach(e -> {
      e.accept(catalog);
      e.accept(catalog);
    });
    assertEquals(once.newestFirst(100), catalog.newestFirst(100));
    assertEquals(once.size(), catalog.size());
  }

  @Test
  @DisplayName("replaying a whole lifecycle after it was applied changes nothing")
  void replayChangesNothing() {
    List<Consumer<AssetCatalog>> events = List.of(
        c -> c.uploaded(uploaded(A, 10)),
        c -> c.progressed(progress(A, 30, 20)),
        c -> c.completed(completed(A, 30)),
        c -> c.uploaded(uploaded(B, 11)),
        c -> c.failed(failed(B, 31)));
    events.forEach(e -> e.accept(catalog));
    List<AssetSummary> before = all();
    events.forEach(e -> e.accept(catalog));
    assertEquals(before, all());
  }

  @Test
  @DisplayName("a completion that arrives before its upload is not listed on its own")
  void completedBeforeUploadNotListed() {
    catalog.completed(completed(A, 30));
    assertEquals(List.of(), all());
    assertEquals(0, catalog.size());
  }

  @Test
  @DisplayName("a completion that arrives before its upload yields READY once the upload arrives")
  void completedBeforeUploadIsReady() {
    catalog.completed(completed(A, 30));
    catalog.uploaded(uploaded(A, 10));
    assertEquals(AssetState.READY, only().state());
  }

  @Test
  @DisplayName("a failure that arrives before its upload yields FAILED once the upload arrives")
  void failedBeforeUploadIsFailed() {
    catalog.failed(failed(A, 30));
    catalog.uploaded(uploaded(A, 10));
    assertEquals(AssetState.FAILED, only().state());
  }

  // ---- deletion ----------------------------------------------------------------------------

  @Test
  @DisplayName("a deleted asset disappears from the list and the count")
  void deletedDisappears() {
    catalog.uploaded(uploaded(A, 10));
    catalog.uploaded(uploaded(B, 20));
    catalog.completed(completed(A, 30));
    catalog.deleted(deleted(A, 40));
    assertEquals(List.of(B), ids());
    assertEquals(1, catalog.size());
  }

  @Test
  @DisplayName("an upload event replayed after the delete does not bring the asset back")
  void uploadReplayedAfterDeleteStaysGone() {
    catalog.uploaded(uploaded(A, 10));
    catalog.deleted(deleted(A, 40));
    catalog.uploaded(uploaded(A, 10));
    assertEquals(List.of(), all());
    assertEquals(0, catalog.size());
  }

  @Test
  @DisplayName("a delete that arrives before the upload keeps the asset out of the list")
  void deleteBeforeUploadStaysGone() {
    catalog.deleted(deleted(A, 40));
    catalog.uploaded(uploaded(A, 10));
    assertEquals(List.of(), all());
  }

  @Test
  @DisplayName("transcode events after a delete do not bring the asset back")
  void transcodeEventsAfterDeleteStayGone() {
    catalog.uploaded(uploaded(A, 10));
    catalog.deleted(deleted(A, 40));
    catalog.progressed(progress(A, 50, 20));
    catalog.completed(completed(A, 30));
    catalog.failed(failed(A, 31));
    catalog.uploaded(uploaded(A, 10));
    assertEquals(List.of(), all());
  }

  // ---- state never goes backwards ----------------------------------------------------------

  @Test
  @DisplayName("progress after READY does not revert the asset to TRANSCODING")
  void progressAfterReadyIgnored() {
    catalog.uploaded(uploaded(A, 10));
    catalog.completed(completed(A, 30));
    catalog.progressed(progress(A, 80, 40));
    AssetSummary summary = only();
    assertEquals(AssetState.READY, summary.state());
    assertEquals(100.0, summary.percent());
  }

  @Test
  @DisplayName("a progress report older than the current state is ignored")
  void olderProgressIgnored() {
    catalog.uploaded(uploaded(A, 10));
    catalog.progressed(progress(A, 60, 25));
    catalog.progressed(progress(A, 20, 21));
    AssetSummary summary = only();
    assertEquals(60.0, summary.percent());
    assertEquals(at(25), summary.updatedAt());
  }

  @Test
  @DisplayName("a newer progress report replaces the percent")
  void newerProgressApplied() {
    catalog.uploaded(uploaded(A, 10));
    catalog.progressed(progress(A, 20, 21));
    catalog.progressed(progress(A, 60, 25));
    assertEquals(60.0, only().percent());
  }

  @Test
  @DisplayName("a failure after READY is ignored")
  void failedAfterReadyIgnored() {
    catalog.uploaded(uploaded(A, 10));
    catalog.completed(completed(A, 30));
    catalog.failed(failed(A, 40));
    AssetSummary summary = only();
    assertEquals(AssetState.READY, summary.state());
    assertNull(summary.failureCode());
  }

  // ---- JSON --------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @DisplayName("a state is written to JSON as its lower-case name")
  @EnumSource(AssetState.class)
  void stateSerialisesLowerCase(AssetState state) {
    assertEquals("\"" + state.name().toLowerCase(Locale.ROOT) + "\"",
        new String(EventCodec.toJson(state), StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("an asset summary carries its state in lower case and leaves out empty fields")
  void summarySerialises() throws IOException {
    catalog.uploaded(uploaded(A, 10));
    catalog.failed(failed(A, 30));
    JsonNode json = EventCodec.json().readTree(EventCodec.toJson(only()));
    assertEquals("failed", json.get("state").asText());
    assertEquals("UNSUPPORTED_CODEC", json.get("failureCode").asText());
    assertFalse(json.has("percent"), json::toString);
    assertEquals("2025-01-01T00:00:10Z", json.get("uploadedAt").asText());
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("the JSON state name does not depend on the JVM default locale (e.g. Turkish)")
  @EnumSource(AssetState.class)
  void stateSerialisationIgnoresDefaultLocale(AssetState state) {
    Locale previous = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertEquals("\"" + state.name().toLowerCase(Locale.ROOT) + "\"",
          new String(EventCodec.toJson(state), StandardCharsets.UTF_8));
    } finally {
      Locale.setDefault(previous);
    }
  }
}
