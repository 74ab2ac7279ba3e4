package dev.reel.ingest.presigned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.StorageLayout;
import dev.reel.ingest.storage.InMemoryOriginalStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link PresignedSweeper} against storage in memory. */
class PresignedSweeperTest {

  private static final Duration GRACE = Duration.ofHours(24);
  /** Long enough ago that completion stopped accepting it and the margin has passed too. */
  private static final Duration ABANDONED = GRACE.plus(PendingUpload.SWEEP_MARGIN).plusSeconds(1);

  private final Vertx vertx = Vertx.vertx();
  private final InMemoryOriginalStore store = new InMemoryOriginalStore();
  private final List<String> aborted = new ArrayList<>();
  private final PresignedSweeper sweeper = new PresignedSweeper(vertx, store,
      (key, uploadId) -> {
        aborted.add(key + " " + uploadId);
        return Future.succeededFuture();
      }, GRACE, Duration.ofMinutes(5));
  private final Instant now = Instant.now();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  @DisplayName("an abandoned single PUT loses its object and its plan")
  void abandonedSinglePut() {
    String assetId = "01m8mevx8cvy6f0ya22kcwvrs0";
    plan(assetId, null, now.minus(ABANDONED));
    store.putSmall(StorageLayout.originalKey(assetId), new byte[10], "video/mp4").await();

    assertEquals(new PresignedSweeper.Sweep(1, 0), sweeper.sweep(now).await());

    assertEquals(Set.of(), store.objects.keySet());
  }

  @Test
  @DisplayName("a completed upload keeps its original and record; only its leftover plan goes")
  void completedIsNeverRemoved() {
    String assetId = "01m8mevx8cvy6f0ya22kcwvrs1";
    plan(assetId, null, now.minus(Duration.ofDays(30)));
    store.putSmall(StorageLayout.originalKey(assetId), new byte[10], "video/mp4").await();
    store.putSmall(StorageLayout.uploadRecordKey(assetId), new byte[2], "application/json")
        .await();

    assertEquals(new PresignedSweeper.Sweep(0, 1), sweeper.sweep(now).await());

    assertEquals(Set.of(StorageLayout.originalKey(assetId),
        StorageLayout.uploadRecordKey(assetId)), store.objects.keySet());
  }

  @Test
  @DisplayName("an upload still in its grace period, or within the margin after it, is kept")
  void completableIsKept() {
    String inGrace = "01m8mevx8cvy6f0ya22kcwvrs2";
    String inMargin = "01m8mevx8cvy6f0ya22kcwvrs3";
    plan(inGrace, null, now.minus(GRACE).plusSeconds(1));
    plan(inMargin, null, now.minus(GRACE).minus(PendingUpload.SWEEP_MARGIN));
    store.putSmall(StorageLayout.originalKey(inGrace), new byte[10], "video/mp4").await();
    store.putSmall(StorageLayout.originalKey(inMargin), new byte[10], "video/mp4").await();
    Set<String> before = Set.copyOf(store.objects.keySet());

    assertEquals(new PresignedSweeper.Sweep(0, 0), sweeper.sweep(now).await());

    assertEquals(before, store.objects.keySet());
  }

  @Test
  @DisplayName("an abandoned multipart upload is aborted, then its plan removed")
  void abandonedMultipart() {
    String assetId = "01m8mevx8cvy6f0ya22kcwvrs4";
    plan(assetId, "upload-4", now.minus(ABANDONED));

    assertEquals(new PresignedSweeper.Sweep(1, 0), sweeper.sweep(now).await());

    assertEquals(List.of(StorageLayout.originalKey(assetId) + " upload-4"), aborted);
    assertFalse(store.objects.containsKey(StorageLayout.presignedUploadKey(assetId)));
  }

  @Test
  @DisplayName("a plan that names another asset, or cannot be read, is left alone and does not "
      + "stop the sweep")
  void oddPlansAreLeftAlone() {
    String victim = "01m8mevx8cvy6f0ya22kcwvrs5";
    store.putSmall(StorageLayout.originalKey(victim), new byte[10], "video/mp4").await();
    store.putSmall(StorageLayout.presignedUploadKey("01m8mevx8cvy6f0ya22kcwvrs6"),
        pending(victim, null, now.minus(ABANDONED)).toJson(), "application/json").await();
    store.putSmall(StorageLayout.presignedUploadKey("01m8mevx8cvy6f0ya22kcwvrs7"),
        "{not json".getBytes(), "application/json").await();
    plan("01m8mevx8cvy6f0ya22kcwvrs8", null, now.minus(ABANDONED));

    assertEquals(new PresignedSweeper.Sweep(1, 0), sweeper.sweep(now).await());

    assertTrue(store.objects.containsKey(StorageLayout.originalKey(victim)));
    assertEquals(3, store.objects.size(), store.objects.keySet().toString());
  }

  private void plan(String assetId, String uploadId, Instant expiresAt) {
    store.putSmall(StorageLayout.presignedUploadKey(assetId),
        pending(assetId, uploadId, expiresAt).toJson(), "application/json").await();
  }

  private static PendingUpload pending(String assetId, String uploadId, Instant expiresAt) {
    return new PendingUpload(assetId, StorageLayout.originalKey(assetId), 10, "video/mp4", null,
        "STANDARD", Map.of(), null, "3f2a9c1d0b7e", uploadId, uploadId == null ? 0 : 8 << 20,
        expiresAt.minus(Duration.ofHours(1)), expiresAt);
  }
}
