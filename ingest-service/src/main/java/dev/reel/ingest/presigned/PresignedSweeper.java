package dev.reel.ingest.presigned;

import dev.reel.common.StorageLayout;
import dev.reel.common.s3.S3Errors;
import dev.reel.ingest.storage.OriginalStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes presigned uploads nobody completed. A plan past its sweep time (see
 * {@link PendingUpload#sweepable}) either belongs to an upload that was completed (its upload
 * record exists: only the leftover plan goes, never the original) or was abandoned: then its
 * multipart upload is aborted, whatever a single PUT (or an assembly nobody recorded) left at
 * {@code originals/{assetId}/source} is deleted, and the plan last, so that a sweep that fails
 * half-way finds the upload again next time. Completion no longer accepts such an upload, so no
 * completion can be recording what this deletes.
 */
public final class PresignedSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(PresignedSweeper.class);

  /** Aborts an S3 multipart upload; one that is not there (any more) counts as aborted. */
  @FunctionalInterface
  interface MultipartAborter {
    Future<Void> abort(String key, String uploadId);
  }

  /** What one sweep did. */
  public record Sweep(int abandonedRemoved, int leftoverPlansRemoved) {
  }

  private enum Outcome { KEPT, ABANDONED_REMOVED, LEFTOVER_PLAN_REMOVED }

  private final Vertx vertx;
  private final OriginalStore store;
  private final MultipartAborter aborter;
  private final Duration grace;
  private final Duration interval;
  private long timerId = -1;
  private boolean sweeping;

  PresignedSweeper(Vertx vertx, OriginalStore store, MultipartAborter aborter, Duration grace,
      Duration interval) {
    this.vertx = vertx;
    this.store = store;
    this.aborter = aborter;
    this.grace = grace;
    this.interval = interval;
  }

  public void start() {
    long periodMs = interval.toMillis();
    timerId = vertx.setPeriodic(periodMs, periodMs, id -> sweepOnce());
  }

  public void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
  }

  private void sweepOnce() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    sweep(Instant.now())
        .onSuccess(sweep -> {
          if (sweep.abandonedRemoved() > 0 || sweep.leftoverPlansRemoved() > 0) {
            LOG.info("presigned sweep: {} abandoned upload(s) removed, {} leftover plan(s) of "
                + "completed uploads removed", sweep.abandonedRemoved(),
                sweep.leftoverPlansRemoved());
          }
        })
        .onFailure(e -> LOG.warn("presigned sweep failed, will retry: {}", e.toString()))
        .onComplete(done -> sweeping = false);
  }

  /** One sweep as of {@code now}. */
  Future<Sweep> sweep(Instant now) {
    return store.keys(StorageLayout.PRESIGNED_UPLOADS_PREFIX)
        .compose(keys -> sweepPlans(keys, now));
  }

  private Future<Sweep> sweepPlans(List<String> planKeys, Instant now) {
    int[] counts = new int[2];
    Future<Void> done = Future.succeededFuture();
    for (String planKey : planKeys) {
      done = done.compose(v -> sweepPlan(planKey, now)
          .recover(e -> {
            LOG.warn("presigned plan {}: not swept ({}); next time", planKey, e.toString());
            return Future.succeededFuture(Outcome.KEPT);
          })
          .map(outcome -> {
            switch (outcome) {
              case ABANDONED_REMOVED -> counts[0]++;
              case LEFTOVER_PLAN_REMOVED -> counts[1]++;
              default -> { }
            }
            return null;
          }));
    }
    return done.map(v -> new Sweep(counts[0], counts[1]));
  }

  private Future<Outcome> sweepPlan(String planKey, Instant now) {
    String assetId = assetIdOf(planKey);
    return store.getSmall(planKey).compose(stored -> {
      if (stored.isEmpty()) {
        return Future.succeededFuture(Outcome.KEPT);
      }
      PendingUpload upload = PendingUpload.fromJson(stored.get());
      if (!upload.assetId().equals(assetId)) {
        // Never delete by what a plan says when it does not even name its own asset.
        LOG.warn("presigned plan {} names asset {}; left alone", planKey, upload.assetId());
        return Future.succeededFuture(Outcome.KEPT);
      }
      if (!upload.sweepable(now, grace)) {
        return Future.succeededFuture(Outcome.KEPT);
      }
      return store.exists(StorageLayout.uploadRecordKey(assetId)).compose(completed -> completed
          ? store.delete(planKey).map(Outcome.LEFTOVER_PLAN_REMOVED)
          : removeAbandoned(upload, planKey));
    });
  }

  private Future<Outcome> removeAbandoned(PendingUpload upload, String planKey) {
    String original = StorageLayout.originalKey(upload.assetId());
    Future<Void> aborted = upload.multipart()
        ? aborter.abort(original, upload.uploadId()).recover(e -> S3Errors.isNotFound(e)
            ? Future.succeededFuture() : Future.failedFuture(e))
        : Future.succeededFuture();
    return aborted
        .compose(v -> store.delete(original))
        .compose(v -> store.delete(planKey))
        .onSuccess(v -> LOG.info("asset {}: presigned upload abandoned (URLs expired {}, not "
            + "completed by {}): removed", upload.assetId(), upload.expiresAt(),
            upload.completableUntil(grace)))
        .map(Outcome.ABANDONED_REMOVED);
  }

  /** {@code uploads/presigned/{assetId}.json} to its asset id. */
  private static String assetIdOf(String planKey) {
    String name = planKey.substring(StorageLayout.PRESIGNED_UPLOADS_PREFIX.length());
    return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
  }
}
