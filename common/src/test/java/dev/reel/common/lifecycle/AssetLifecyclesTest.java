package dev.reel.common.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Rendition;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.common.event.TranscodeProgress;
import dev.reel.common.event.UploadMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssetLifecyclesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String A = "01jh0000000000000000000aaa";

  private final AssetLifecycles assets = new AssetLifecycles();

  // ---- events ------------------------------------------------------------------------------

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  private static Consumer<AssetLifecycles> uploaded(int second) {
    return f -> f.uploaded(new MediaUploaded(A, "reel", "originals/" + A + "/source", 1234,
        "ab".repeat(32), "video/mp4", "clip.mp4", Map.of(), "STANDARD", null, UploadMode.SINGLE,
        at(second)));
  }

  private static Consumer<AssetLifecycles> deleted(int second) {
    return f -> f.deleted(new MediaDeleted(A, "reel", "originals/" + A + "/source", null,
        at(second)));
  }

  /** A progress report whose per-rendition percent differs from the overall one. */
  private static Consumer<AssetLifecycles> progress(String job, double overall, boolean playable,
      int second) {
    return f -> f.progressed(new TranscodeProgress(A, job, "720p", 99.0, overall, playable,
        at(second)));
  }

  private static Consumer<AssetLifecycles> completed(String job, int second) {
    return f -> f.completed(new TranscodeCompleted(A, job, "ffmpeg",
        "renditions/" + A + "/master.m3u8", "renditions/" + A + "/manifest.mpd", null, null,
        "renditions/" + A + "/job.json", List.of(new Rendition("360p", Rendition.VIDEO, 640, 360,
            25, 900_000, 800_000, "avc1.64001e", "renditions/" + A + "/cmaf/360p/index.m3u8")),
        12.5, 800, 4000, 3.1, at(second)));
  }

  private static Consumer<AssetLifecycles> failed(String job, int attempt, int second) {
    return f -> f.failed(new TranscodeFailed(A, job, "SOURCE_UNREADABLE", "no video stream",
        attempt, true, at(second)));
  }

  @SafeVarargs
  private AssetLifecycle after(Consumer<AssetLifecycles>... events) {
    for (Consumer<AssetLifecycles> event : events) {
      event.accept(assets);
    }
    return assets.find(A).orElseThrow(() -> new AssertionError("asset not known"));
  }

  // ---- the plain path ----------------------------------------------------------------------

  @Test
  @DisplayName("an asset no event mentioned is not known")
  void unknown() {
    assertEquals(Optional.empty(), assets.find(A));
    assertEquals(0, assets.known().count());
  }

  @Test
  @DisplayName("an upload alone is UPLOADED, created and updated when uploaded, not playable")
  void uploadedAlone() {
    AssetLifecycle asset = after(uploaded(10));
    assertEquals(AssetState.UPLOADED, asset.state());
    assertEquals(at(10), asset.createdAt());
    assertEquals(at(10), asset.updatedAt());
    assertFalse(asset.playable());
    assertNull(asset.percent());
  }

  @Test
  @DisplayName("progress is TRANSCODING with the job's overall percent, not the rendition's")
  void progressIsTranscoding() {
    AssetLifecycle asset = after(uploaded(10), progress("j1", 42.5, false, 20));
    assertEquals(AssetState.TRANSCODING, asset.state());
    assertEquals(42.5, asset.percent());
    assertEquals(at(20), asset.updatedAt());
    assertFalse(asset.playable());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @DisplayName("the overall percent is clamped to 0..100")
  @CsvSource({"-5, 0", "150, 100", "0, 0", "100, 100"})
  void percentClamped(double reported, double shown) {
    assertEquals(shown, after(uploaded(10), progress("j1", reported, false, 20)).percent());
  }

  @Test
  @DisplayName("playable turns true with the first report that says so and stays true in the run")
  void playableSticksWithinRun() {
    assertTrue(after(uploaded(10), progress("j1", 20, true, 20)).playable());
    AssetLifecycle later = after(progress("j1", 60, false, 30));
    assertTrue(later.playable());
    assertEquals(60.0, later.percent());
  }

  @Test
  @DisplayName("completion is READY and playable, keeping the completion's outputs")
  void completedIsReady() {
    AssetLifecycle asset = after(uploaded(10), progress("j1", 50, false, 20), completed("j1", 30));
    assertEquals(AssetState.READY, asset.state());
    assertTrue(asset.playable());
    assertNull(asset.percent());
    assertEquals("j1", asset.completed().jobId());
    assertEquals(at(30), asset.updatedAt());
  }

  @Test
  @DisplayName("failure is FAILED with its reason, and clears playable")
  void failedShowsReason() {
    AssetLifecycle asset = after(uploaded(10), progress("j1", 50, true, 20), failed("j1", 1, 30));
    assertEquals(AssetState.FAILED, asset.state());
    assertEquals("SOURCE_UNREADABLE", asset.failure().reasonCode());
    assertTrue(asset.failure().retryable());
    assertFalse(asset.playable());
    assertNull(asset.percent());
  }

  // ---- late, redelivered and out-of-order events -------------------------------------------

  @Test
  @DisplayName("a redelivered older progress after completion leaves the asset READY")
  void oldProgressAfterReady() {
    AssetLifecycle asset = after(uploaded(10), progress("j1", 40, true, 20), completed("j1", 30),
        progress("j1", 40, true, 20), progress("j2", 10, false, 40));
    assertEquals(AssetState.READY, asset.state());
    assertEquals("j1", asset.completed().jobId());
  }

  @Test
  @DisplayName("an older progress report never moves the bar back")
  void olderProgressIgnored() {
    AssetLifecycle asset = after(uploaded(10), progress("j1", 60, false, 25),
        progress("j1", 20, false, 21));
    assertEquals(60.0, asset.percent());
    assertEquals(at(25), asset.updatedAt());
  }

  @Test
  @DisplayName("a failure after READY is ignored, whenever it happened")
  void failureAfterReadyIgnored() {
    AssetLifecycle asset = after(uploaded(10), completed("j1", 30), failed("j2", 1, 40));
    assertEquals(AssetState.READY, asset.state());
    assertNull(asset.failure());
  }

  @Test
  @DisplayName("a progress report of a failed attempt, read after the failure, does not revive it")
  void staleProgressAfterFailure() {
    AssetLifecycle asset = after(uploaded(10), failed("j1", 1, 30), progress("j1", 70, true, 25));
    assertEquals(AssetState.FAILED, asset.state());
  }

  @Test
  @DisplayName("progress newer than a failure is a retry: TRANSCODING again, not yet playable")
  void retryAfterFailure() {
    AssetLifecycle asset = after(uploaded(10), progress("j1", 50, true, 20), failed("j1", 1, 30),
        progress("j1", 5, false, 40));
    assertEquals(AssetState.TRANSCODING, asset.state());
    assertEquals(5.0, asset.percent());
    assertFalse(asset.playable());
    assertNull(asset.failure());
  }

  @Test
  @DisplayName("a failure older than the current progress (an earlier attempt's) is ignored")
  void olderFailureIgnored() {
    AssetLifecycle asset = after(uploaded(10), progress("j1", 30, false, 40),
        failed("j1", 1, 30));
    assertEquals(AssetState.TRANSCODING, asset.state());
  }

  @Test
  @DisplayName("a newer completion (a re-transcode) replaces the older; an older one read late does "
      + "not")
  void newerCompletionWins() {
    assertEquals("j2", after(uploaded(10), completed("j1", 30), completed("j2", 50))
        .completed().jobId());
    assertEquals("j2", after(completed("j1", 30)).completed().jobId());
  }

  @Test
  @DisplayName("transcode results read before the upload are kept; the upload is added later")
  void resultBeforeUpload() {
    AssetLifecycle early = after(completed("j1", 30));
    assertEquals(AssetState.READY, early.state());
    assertNull(early.createdAt());
    AssetLifecycle later = after(uploaded(10));
    assertEquals(AssetState.READY, later.state());
    assertEquals(at(10), later.createdAt());
  }

  @Test
  @DisplayName("applying every event twice gives the same state as applying it once")
  void duplicatesChangeNothing() {
    List<Consumer<AssetLifecycles>> events = List.of(uploaded(10),
        progress("j1", 30, true, 20), failed("j1", 1, 25), progress("j1", 10, false, 30),
        completed("j1", 40));
    AssetLifecycles once = new AssetLifecycles();
    events.forEach(e -> e.accept(once));
    events.forEach(e -> {
      e.accept(assets);
      e.accept(assets);
    });
    assertEquals(once.find(A), assets.find(A));
  }

  // ---- deletion ----------------------------------------------------------------------------

  @Test
  @DisplayName("delete is final: the upload resent and late transcode events do not revive it")
  void deleteIsFinal() {
    after(uploaded(10), completed("j1", 30));
    deleted(40).accept(assets);
    List.of(uploaded(10), progress("j2", 5, false, 50), completed("j2", 60),
        failed("j2", 1, 70), uploaded(80)).forEach(e -> e.accept(assets));
    assertEquals(Optional.empty(), assets.find(A));
    assertEquals(0, assets.known().count());
  }

  @Test
  @DisplayName("a delete read before the upload keeps the asset deleted")
  void deleteBeforeUpload() {
    deleted(40).accept(assets);
    uploaded(10).accept(assets);
    assertEquals(Optional.empty(), assets.find(A));
  }

  // ---- any order across topics -------------------------------------------------------------

  @Test
  @DisplayName("a lifecycle gives the same final state in every order its events can be read")
  void everyOrderSameOutcome() {
    assertEveryOrder(AssetState.READY, uploaded(10), progress("j1", 20, false, 20),
        progress("j1", 60, true, 25), completed("j1", 30));
    assertEveryOrder(AssetState.FAILED, uploaded(10), progress("j1", 20, true, 20),
        failed("j1", 1, 30));
    assertEveryOrder(AssetState.READY, uploaded(10), failed("j1", 1, 30),
        progress("j1", 10, false, 40), completed("j1", 50));
  }

  @SafeVarargs
  private static void assertEveryOrder(AssetState expected,
      Consumer<AssetLifecycles>... events) {
    for (List<Consumer<AssetLifecycles>> order : permutations(List.of(events))) {
      AssetLifecycles fold = new AssetLifecycles();
      order.forEach(e -> e.accept(fold));
      assertEquals(expected, fold.find(A).orElseThrow().state(), () -> "order " + order);
    }
  }

  private static <T> List<List<T>> permutations(List<T> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<T>> all = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<T> rest = new ArrayList<>(items);
      T first = rest.remove(i);
      for (List<T> tail : permutations(rest)) {
        List<T> order = new ArrayList<>(List.of(first));
        order.addAll(tail);
        all.add(order);
      }
    }
    return all;
  }
}
