package dev.reel.ingest.tus;

import dev.reel.common.StorageLayout;
import dev.reel.ingest.config.TusSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after uploads nobody will finish, every {@link TusSettings#sweepInterval()}: an
 * expired tus upload loses its multipart upload, tail and state (or, if all its bytes were
 * stored, is finished), and an S3 multipart upload of an original that is older than the expiry
 * and that no upload state names is aborted. The second covers what the first cannot see
 * (a process that died between creating a multipart upload and recording it, a single upload
 * that died mid-way) on S3-compatible stores that do not apply abort lifecycle rules. A
 * multipart upload of a presigned upload is left to
 * {@link dev.reel.ingest.presigned.PresignedSweeper} as long as its plan exists: its parts may
 * still be coming, or waiting for a late completion.
 */
public final class TusSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(TusSweeper.class);
  private static final Pattern ORIGINAL_KEY = Pattern.compile("originals/([^/]+)/source");

  /** What one sweep removed. */
  public record Sweep(int uploadsRemoved, int multipartsAborted) {
  }

  private final Vertx vertx;
  private final TusStorage storage;
  private final TusStateStore states;
  private final TusLifecycle lifecycle;
  private final TusLocks locks;
  private final TusSettings settings;
  private long timerId = -1;
  private boolean sweeping;

  TusSweeper(Vertx vertx, TusStorage storage, TusStateStore states, TusLifecycle lifecycle,
      TusLocks locks, TusSettings settings) {
    this.vertx = vertx;
    this.storage = storage;
    this.states = states;
    this.lifecycle = lifecycle;
    this.locks = locks;
    this.settings = settings;
  }

  public void start() {
    long periodMs = settings.sweepInterval().toMillis();
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
          if (sweep.uploadsRemoved() > 0 || sweep.multipartsAborted() > 0) {
            LOG.info("tus sweep: {} expired upload(s) removed, {} stale multipart upload(s) "
                + "aborted", sweep.uploadsRemoved(), sweep.multipartsAborted());
          }
        })
        .onFailure(e -> LOG.warn("tus sweep failed, will retry: {}", e.toString()))
        .onComplete(done -> sweeping = false);
  }

  /** One sweep as of {@code now}. */
  Future<Sweep> sweep(Instant now) {
    Set<String> referenced = new HashSet<>();
    return states.assetIds()
        .compose(ids -> sweepUploads(ids, now, referenced))
        .compose(removed -> storage.listMultipart("originals/")
            .compose(pending -> abortStale(pending, now, referenced))
            .map(aborted -> new Sweep(removed, aborted)));
  }

  private Future<Integer> sweepUploads(List<String> assetIds, Instant now,
      Set<String> referenced) {
    Future<Integer> removed = Future.succeededFuture(0);
    for (String assetId : assetIds) {
      removed = removed.compose(count -> states.load(assetId)
          .compose(found -> {
            found.map(TusUpload::multipartUploadId).ifPresent(referenced::add);
            return found.filter(upload -> upload.expired(now))
                .map(upload -> expire(assetId, now))
                .orElse(Future.succeededFuture(false));
          })
          .recover(e -> {
            LOG.warn("asset {}: tus sweep could not clean up ({}); next time", assetId,
                e.toString());
            return Future.succeededFuture(false);
          })
          .map(done -> done ? count + 1 : count));
    }
    return removed;
  }

  /** Removes (or finishes) an expired upload unless a request holds it right now. */
  private Future<Boolean> expire(String assetId, Instant now) {
    return locks.ifFree(assetId, lease -> states.load(assetId).compose(found -> {
      if (found.isEmpty() || !found.get().expired(now)) {
        return Future.succeededFuture(false);
      }
      TusUpload upload = found.get();
      Future<Void> cleaned = upload.allBytesStored()
          ? lifecycle.finish(upload).recover(e -> lifecycle.terminate(upload))
          : lifecycle.terminate(upload);
      return cleaned.map(true);
    })).map(done -> done.orElse(false));
  }

  private Future<Integer> abortStale(List<TusStorage.PendingMultipart> pending, Instant now,
      Set<String> referenced) {
    Instant staleBefore = now.minus(settings.expiry());
    Future<Integer> aborted = Future.succeededFuture(0);
    for (TusStorage.PendingMultipart upload : pending) {
      Matcher original = ORIGINAL_KEY.matcher(upload.key());
      if (referenced.contains(upload.uploadId()) || upload.initiated() == null
          || !upload.initiated().isBefore(staleBefore) || !original.matches()) {
        continue;
      }
      String assetId = original.group(1);
      aborted = aborted.compose(count -> presignedPlanExists(assetId)
          .compose(live -> live ? Future.succeededFuture(false)
              : storage.abortMultipart(upload.key(), upload.uploadId()).map(true))
          .onSuccess(done -> {
            if (done) {
              LOG.info("asset {}: aborted stale multipart upload {} begun {}", assetId,
                  upload.uploadId(), upload.initiated());
            }
          })
          .recover(e -> {
            LOG.warn("asset {}: stale multipart upload {} not aborted ({}); next time",
                assetId, upload.uploadId(), e.toString());
            return Future.succeededFuture(false);
          })
          .map(done -> done ? count + 1 : count));
    }
    return aborted;
  }

  /** Whether a presigned upload's plan names this asset; its sweeper decides when it goes. */
  private Future<Boolean> presignedPlanExists(String assetId) {
    return storage.exists(StorageLayout.presignedUploadKey(assetId));
  }
}
