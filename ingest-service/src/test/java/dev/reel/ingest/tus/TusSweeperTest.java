package dev.reel.ingest.tus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.StorageLayout;
import dev.reel.ingest.config.TusSettings;
import dev.reel.ingest.storage.ObjectAttributes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link TusSweeper} against storage in memory. */
class TusSweeperTest {

  private static final Duration EXPIRY = Duration.ofHours(24);
  private static final ObjectAttributes ATTRIBUTES = new ObjectAttributes("video/mp4", Map.of(),
      "STANDARD");

  private final Vertx vertx = Vertx.vertx();
  private final InMemoryTusStorage storage = new InMemoryTusStorage();
  private final TusStateStore states = new TusStateStore(storage);
  private final TusSweeper sweeper = new TusSweeper(vertx, storage, states,
      new TusLifecycle(storage, states, null, new SimpleMeterRegistry()),
      new TusLocks(vertx, 1000), new TusSettings(EXPIRY, Duration.ofMinutes(5), false));
  private final Instant now = Instant.now();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  @DisplayName("an expired upload loses its multipart upload, its tail and its state")
  void expiredUploadIsRemoved() {
    String assetId = "01m8mevx8cvy6f0ya22kcwvrsz";
    TusUpload upload = upload(assetId, now.minusSeconds(60));

    assertEquals(new TusSweeper.Sweep(1, 0), sweeper.sweep(now).await());

    assertTrue(states.load(assetId).await().isEmpty());
    assertFalse(storage.objects.containsKey(upload.tailKey()));
    assertFalse(storage.multiparts.containsKey(upload.multipartUploadId()));
  }

  @Test
  @DisplayName("a live upload keeps its multipart upload, however old")
  void liveUploadIsKept() {
    storage.now = now.minus(Duration.ofDays(3));
    TusUpload upload = upload("01m8mevx8cvy6f0ya22kcwvrsa", now.plusSeconds(60));

    assertEquals(new TusSweeper.Sweep(0, 0), sweeper.sweep(now).await());

    assertEquals(Optional.of(upload), states.load(upload.assetId()).await());
    assertTrue(storage.multiparts.containsKey(upload.multipartUploadId()));
  }

  @Test
  @DisplayName("a multipart upload no state names is aborted once older than the expiry, not "
      + "before")
  void staleMultipartIsAborted() {
    storage.now = now.minus(EXPIRY).minusSeconds(1);
    String stale = multipart("01m8mevx8cvy6f0ya22kcwvrsb");
    storage.now = now.minus(EXPIRY).plusSeconds(60);
    String recent = multipart("01m8mevx8cvy6f0ya22kcwvrsc");

    assertEquals(new TusSweeper.Sweep(0, 1), sweeper.sweep(now).await());

    assertFalse(storage.multiparts.containsKey(stale));
    assertTrue(storage.multiparts.containsKey(recent));
  }

  @Test
  @DisplayName("a presigned upload's multipart upload is left to the presigned sweeper while its "
      + "plan exists, expired or not; without a plan it is stale like any other")
  void presignedPlansAreRespected() {
    storage.now = now.minus(Duration.ofDays(2));
    String live = multipart("01m8mevx8cvy6f0ya22kcwvrsd");
    String expired = multipart("01m8mevx8cvy6f0ya22kcwvrse");
    String orphan = multipart("01m8mevx8cvy6f0ya22kcwvrsf");
    plan("01m8mevx8cvy6f0ya22kcwvrsd", now.plusSeconds(600));
    plan("01m8mevx8cvy6f0ya22kcwvrse", now.minus(Duration.ofDays(1)));

    assertEquals(new TusSweeper.Sweep(0, 1), sweeper.sweep(now).await());

    assertTrue(storage.multiparts.containsKey(live));
    assertTrue(storage.multiparts.containsKey(expired));
    assertFalse(storage.multiparts.containsKey(orphan));
  }

  /** An unfinished upload with one part in a multipart upload and a tail. */
  private TusUpload upload(String assetId, Instant expiresAt) {
    String uploadId = multipart(assetId);
    String tailKey = TusStateStore.tailKey(assetId, 1);
    states.putTail(tailKey, new byte[10]).await();
    TusUpload upload = new TusUpload(assetId, 20 * 1024 * 1024, 5 * 1024 * 1024,
        5 * 1024 * 1024 + 10, uploadId, List.of(new TusUpload.Part(1, "\"e\"", 5 * 1024 * 1024)),
        tailKey, 10, 1, ResumableSha256.initialState(), "video/mp4", "video/mp4", null, Map.of(),
        "STANDARD", null, "key", now.minus(Duration.ofDays(2)), expiresAt);
    states.save(upload).await();
    return upload;
  }

  private String multipart(String assetId) {
    return storage.createMultipart(StorageLayout.originalKey(assetId), ATTRIBUTES).await();
  }

  private void plan(String assetId, Instant expiresAt) {
    storage.putSmall(StorageLayout.presignedUploadKey(assetId), ("{\"assetId\":\"" + assetId
        + "\",\"expiresAt\":\"" + expiresAt + "\"}").getBytes(StandardCharsets.UTF_8),
        "application/json").await();
  }
}
