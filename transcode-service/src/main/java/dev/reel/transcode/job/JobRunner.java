package dev.reel.transcode.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.event.Event;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Topic;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.common.event.TranscodeProgress;
import dev.reel.common.kafka.EventPublisher;
import dev.reel.common.kafka.PermanentFailure;
import dev.reel.transcode.storage.RenditionStorage;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs transcode jobs for {@code media.uploaded} events on worker threads of its own (never an
 * event loop) and turns their outcome into events:
 * <ul>
 *   <li>success: {@code job.json} is written last, then {@code transcode.completed} is sent. A
 *       replayed upload whose {@code job.json} already matches the original's SHA-256 re-sends
 *       the stored event with its original CloudEvents id instead of transcoding again, so a
 *       crash between publishing and committing the offset yields one completion in effect;</li>
 *   <li>a bad input: {@code transcode.failed} with {@code retryable=false}, once, no retry;</li>
 *   <li>a transient failure (storage down, disk full): retried here with backoff; once the
 *       attempts are spent, {@code transcode.failed} with {@code retryable=true} and the upload
 *       record goes to the dead-letter topic.</li>
 * </ul>
 * The returned futures complete only when that is all done, and the consumer commits only then:
 * a worker killed mid-job leaves the record uncommitted for the next worker.
 */
public final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  static final long PROGRESS_INTERVAL_MS = 1000;

  private final Context context;
  private final EventPublisher publisher;
  private final TranscodeBackend backend;
  private final RenditionStorage storage;
  private final int maxAttempts;
  private final Duration backoff;
  private final MeterRegistry registry;
  private final ExecutorService workers;
  private final Map<String, Running> running = new ConcurrentHashMap<>();

  public JobRunner(Context context, EventPublisher publisher, TranscodeBackend backend,
      RenditionStorage storage, int concurrency, int maxAttempts, Duration backoff,
      MeterRegistry registry) {
    this.context = context;
    this.publisher = publisher;
    this.backend = backend;
    this.storage = storage;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.registry = registry;
    AtomicInteger threads = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(concurrency + 1, r -> {
      Thread t = new Thread(r, "transcode-job-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  private sealed interface Result {
  }

  private record Completed(CloudEvent event, boolean replayed) implements Result {
  }

  private record Failed(TranscodeFailed failure, boolean giveUp) implements Result {
  }

  private record Cancelled(String why) implements Result {
  }

  private record Crashed(Throwable cause) implements Result {
  }

  private static final class Running {
    final Promise<Void> done = Promise.promise();
    volatile java.util.concurrent.Future<?> task;
    volatile boolean cancelled;
  }

  public Future<Void> onUploaded(Event<MediaUploaded> event) {
    MediaUploaded upload = event.data();
    Running job = new Running();
    Running previous = running.putIfAbsent(upload.assetId(), job);
    if (previous != null) {
      // The same asset is being transcoded here already (a duplicate delivery): let that one
      // finish, then this one finds its job.json and re-sends the same event.
      return previous.done.future().transform(v -> onUploaded(event));
    }
    job.task = workers.submit(() -> {
      Result result;
      try {
        result = run(upload, job);
      } catch (Throwable unexpected) {
        result = new Crashed(unexpected);
      }
      Result outcome = result;
      context.runOnContext(v -> finish(upload, outcome).onComplete(job.done));
    });
    return job.done.future().onComplete(v -> running.remove(upload.assetId(), job));
  }

  /** Stops a running job of the asset, waits for it, then removes every rendition. */
  public Future<Void> onDeleted(Event<MediaDeleted> event) {
    String assetId = event.data().assetId();
    Running job = running.get(assetId);
    Future<Void> stopped = Future.succeededFuture();
    if (job != null) {
      job.cancelled = true;
      var task = job.task;
      if (task != null) {
        task.cancel(true);
      }
      stopped = job.done.future().otherwiseEmpty();
    }
    return stopped.compose(v -> context.owner().executeBlocking(() ->
            storage.deletePrefix(StorageLayout.renditionsPrefix(assetId)), false))
        .onSuccess(count -> LOG.info("asset {}: deleted, {} rendition objects removed", assetId,
            count))
        .mapEmpty();
  }

  private Result run(MediaUploaded upload, Running job) {
    String assetId = upload.assetId();
    String prefix = StorageLayout.renditionsPrefix(assetId);
    String jobId = AssetId.generate();
    var request = new TranscodeBackend.Request(assetId, jobId, upload.key(), upload.size(),
        prefix);
    for (int attempt = 1; ; attempt++) {
      if (job.cancelled) {
        return new Cancelled("asset deleted");
      }
      long started = System.nanoTime();
      try {
        Optional<JobManifest> done = previousJob(prefix);
        if (done.isPresent() && sameSource(done.get(), upload)) {
          JobManifest m = done.get();
          LOG.info("asset {}: already transcoded by job {}, re-sending its completion",
              assetId, m.jobId());
          return new Completed(EventCodec.encode(Topic.TRANSCODE_COMPLETED, publisher.source(),
              assetId, m.completed(), m.completedEventId(), m.completedEventTime()), true);
        }
        LOG.info("asset {}: job {} attempt {}/{} on {}", assetId, jobId, attempt, maxAttempts,
            backend.name());
        TranscodeBackend.Outcome outcome = backend.transcode(request,
            new ThrottledProgress(assetId, jobId));
        long elapsedMs = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        return completed(upload, jobId, outcome, elapsedMs);
      } catch (InterruptedException e) {
        return new Cancelled(job.cancelled ? "asset deleted" : "worker stopping");
      } catch (JobFailure failure) {
        if (Thread.currentThread().isInterrupted() || job.cancelled) {
          return new Cancelled(job.cancelled ? "asset deleted" : "worker stopping");
        }
        TranscodeFailed payload = new TranscodeFailed(assetId, jobId, failure.reasonCode(),
            failure.getMessage(), attempt, failure.retryable(), Instant.now());
        if (!failure.retryable()) {
          return new Failed(payload, false);
        }
        if (attempt >= maxAttempts) {
          return new Failed(payload, true);
        }
        long wait = backoff.toMillis() << Math.min(attempt - 1, 6);
        LOG.warn("asset {}: job {} attempt {} failed ({}: {}), retrying in {} ms", assetId,
            jobId, attempt, failure.reasonCode(), failure.getMessage(), wait);
        try {
          TimeUnit.MILLISECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return new Cancelled(job.cancelled ? "asset deleted" : "worker stopping");
        }
      }
    }
  }

  private Result completed(MediaUploaded upload, String jobId, TranscodeBackend.Outcome outcome,
      long elapsedMs) {
    String prefix = StorageLayout.renditionsPrefix(upload.assetId());
    TranscodeCompleted completed = new TranscodeCompleted(upload.assetId(), jobId,
        backend.name(), outcome.hlsMasterKey(), outcome.dashManifestKey(), outcome.posterKey(),
        outcome.storyboardKey(), JobManifest.key(prefix), outcome.renditions(),
        outcome.durationSeconds(), outcome.timeToFirstPlayableMs(), elapsedMs,
        outcome.durationSeconds() / (elapsedMs / 1000.0), Instant.now());
    String eventId = UUID.randomUUID().toString();
    OffsetDateTime eventTime = OffsetDateTime.now(ZoneOffset.UTC);
    JobManifest manifest = new JobManifest(upload.assetId(), jobId, backend.name(), upload.key(),
        upload.size(), upload.sha256(), outcome.outputs(), eventId, eventTime, completed);
    try {
      storage.putText(JobManifest.key(prefix), EventCodec.json()
          .writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("job manifest", e);
    }
    return new Completed(EventCodec.encode(Topic.TRANSCODE_COMPLETED, publisher.source(),
        upload.assetId(), completed, eventId, eventTime), false);
  }

  private Future<Void> finish(MediaUploaded upload, Result result) {
    String assetId = upload.assetId();
    if (result instanceof Completed c) {
      count("completed");
      return publisher.send(Topic.TRANSCODE_COMPLETED, c.event()).mapEmpty();
    } else if (result instanceof Failed f) {
      count("failed");
      LOG.warn("asset {}: transcode failed ({}{}): {}", assetId, f.failure().reasonCode(),
          f.giveUp() ? ", retries spent" : "", f.failure().message());
      return publisher.publish(Topic.TRANSCODE_FAILED, assetId, f.failure())
          .compose(sent -> f.giveUp()
              ? Future.failedFuture(new PermanentFailure(f.failure().reasonCode() + ": "
                  + f.failure().message()))
              : Future.<Void>succeededFuture());
    } else if (result instanceof Cancelled c) {
      count("cancelled");
      LOG.info("asset {}: transcode stopped: {}", assetId, c.why());
      return c.why().equals("asset deleted") ? Future.succeededFuture()
          : Future.failedFuture("transcode of " + assetId + " stopped: " + c.why());
    }
    Throwable cause = ((Crashed) result).cause();
    count("crashed");
    LOG.error("asset {}: transcode job crashed", assetId, cause);
    return Future.failedFuture(cause);
  }

  private Optional<JobManifest> previousJob(String prefix) {
    return storage.getText(JobManifest.key(prefix)).flatMap(text -> {
      try {
        return Optional.of(EventCodec.json().readValue(text, JobManifest.class));
      } catch (JsonProcessingException | RuntimeException e) {
        LOG.warn("{}: unreadable, transcoding again: {}", JobManifest.key(prefix), e.toString());
        return Optional.empty();
      }
    });
  }

  private static boolean sameSource(JobManifest manifest, MediaUploaded upload) {
    return manifest.completed() != null && manifest.sourceBytes() == upload.size()
        && manifest.sourceSha256() != null && manifest.sourceSha256().equals(upload.sha256());
  }

  private void count(String outcome) {
    Counter.builder("reel.transcode.jobs").tags("backend", backend.name(), "outcome", outcome)
        .description("transcode jobs finished, by backend and outcome").register(registry)
        .increment();
  }

  /** Stops taking work and interrupts running jobs; their records stay uncommitted. */
  public void close() {
    running.values().forEach(job -> {
      var task = job.task;
      if (task != null) {
        task.cancel(true);
      }
    });
    workers.shutdownNow();
  }

  /** After {@link #close}: waits, at most so long, until the interrupted jobs have wound down. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Publishes progress at most every {@link #PROGRESS_INTERVAL_MS} per rendition (always the
   * final 100 %), from the event loop; progress is telemetry, so a failed send is only logged.
   */
  private final class ThrottledProgress implements TranscodeBackend.ProgressSink {
    private final String assetId;
    private final String jobId;
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();
    private volatile boolean playable;
    private volatile String lastFinished = "";

    ThrottledProgress(String assetId, String jobId) {
      this.assetId = assetId;
      this.jobId = jobId;
    }

    @Override
    public void progress(String rendition, double fraction, double overall) {
      long now = System.nanoTime() / 1_000_000;
      Long last = lastSent.get(rendition);
      if (fraction < 1.0 && last != null && now - last < PROGRESS_INTERVAL_MS) {
        return;
      }
      if (fraction >= 1.0 && last != null && last < 0) {
        return;
      }
      lastSent.put(rendition, fraction >= 1.0 ? -1L : now);
      if (fraction >= 1.0) {
        lastFinished = rendition;
      }
      send(rendition, fraction, overall);
    }

    /** Told with the last rendition that finished (several may be encoding at once). */
    @Override
    public void playable() {
      playable = true;
      send(lastFinished.isEmpty() ? "audio" : lastFinished, 1.0, -1);
    }

    private synchronized void send(String rendition, double fraction, double overall) {
      if (overall >= 0) {
        lastOverall = round(overall * 100);
      }
      TranscodeProgress report = new TranscodeProgress(assetId, jobId, rendition,
          round(fraction * 100), lastOverall, playable, Instant.now());
      context.runOnContext(v -> publisher.publish(Topic.TRANSCODE_PROGRESS, assetId, report)
          .onFailure(e -> LOG.debug("asset {}: progress not sent: {}", assetId, e.toString())));
    }

    private double lastOverall;

    private static double round(double percent) {
      return Math.round(percent * 10) / 10.0;
    }
  }
}
