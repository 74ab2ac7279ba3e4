package dev.reel.transcode.mediaconvert;

import dev.reel.transcode.config.MediaConvertSettings;
import dev.reel.transcode.job.JobFailure;
import dev.reel.transcode.job.TranscodeBackend;
import dev.reel.transcode.ladder.LadderPlan;
import dev.reel.transcode.ladder.LadderProfile;
import dev.reel.transcode.media.MediaProbe;
import dev.reel.transcode.storage.RenditionStorage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.mediaconvert.MediaConvertAsyncClient;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

/**
 * Transcodes on AWS Elemental MediaConvert: probes the original where it lies (MediaConvert's
 * {@code Probe}), plans the same ladder as the ffmpeg backend, submits one job and polls it.
 * MediaConvert reads the original from and writes the renditions to the bucket itself; this
 * side only lists what landed. Interrupted (asset deleted, service stopping), it cancels the
 * job and waits for MediaConvert to confirm, so nothing is written after it returns.
 */
public final class MediaConvertBackend implements TranscodeBackend {

  private static final Logger LOG = LoggerFactory.getLogger(MediaConvertBackend.class);
  /** Failed polls in a row (throttling, network) before the job is given up, and retried. */
  static final int MAX_POLL_FAILURES = 8;
  static final Duration MAX_POLL_BACKOFF = Duration.ofMinutes(1);
  static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

  private final MediaConvertAsyncClient client;
  private final RenditionStorage storage;
  private final MediaConvertSettings settings;
  private final LadderProfile profile;

  public MediaConvertBackend(MediaConvertAsyncClient client, RenditionStorage storage,
      MediaConvertSettings settings, LadderProfile profile) {
    this.client = client;
    this.storage = storage;
    this.settings = settings;
    this.profile = profile;
  }

  @Override
  public String name() {
    return "mediaconvert";
  }

  @Override
  public Outcome transcode(Request request, ProgressSink progress) throws InterruptedException {
    long started = System.nanoTime();
    OutputNames names = new OutputNames(storage.bucket(), request.prefix());
    if (storage.head(request.sourceKey()).isEmpty()) {
      throw new JobFailure(JobFailure.SOURCE_MISSING,
          "the original is no longer in storage (deleted?)", false);
    }
    MediaProbe probe = ProbeResults.toMediaProbe(await("Probe", client.probe(b -> b
        .inputFiles(f -> f.fileUrl(names.sourceUrl(request.sourceKey()))))));
    LadderPlan plan = LadderPlan.of(probe, profile);
    LOG.info("asset {}: {} s of {}, ladder {}{}, on MediaConvert", request.assetId(),
        String.format("%.2f", probe.durationSeconds()), probe.container(),
        plan.video().stream().map(v -> v.name() + "=" + v.width() + "x" + v.height()).toList(),
        plan.audio().isPresent() ? " + audio" : "");
    String jobId = submit(request, JobSpec.createJob(request, plan, names, settings));
    LOG.info("asset {}: MediaConvert job {} submitted", request.assetId(), jobId);
    Job done;
    try {
      done = awaitEnd(request, jobId, JobSpec.renditionNames(plan), progress);
    } catch (InterruptedException e) {
      cancel(request.assetId(), jobId);
      throw e;
    }
    List<Output> listing = storage.list(request.prefix());
    long playableMs = (System.nanoTime() - started) / 1_000_000;
    Outcome outcome = JobOutcome.of(done, plan, names, listing, playableMs);
    progress.playable();
    LOG.info("asset {}: MediaConvert job {} complete, {} objects", request.assetId(), jobId,
        outcome.outputs().size());
    return outcome;
  }

  /** Creates the job; if the thread is interrupted meanwhile, the job is cancelled once made. */
  private String submit(Request request, CreateJobRequest create)
      throws InterruptedException {
    var pending = client.createJob(create);
    try {
      return await("CreateJob", pending).job().id();
    } catch (InterruptedException e) {
      pending.thenAcceptAsync(created -> cancel(request.assetId(), created.job().id()));
      throw e;
    }
  }

  private Job awaitEnd(Request request, String jobId, List<String> renditions,
      ProgressSink progress) throws InterruptedException {
    long delay = settings.pollInterval().toMillis();
    int failures = 0;
    int lastPercent = -1;
    while (true) {
      TimeUnit.MILLISECONDS.sleep(delay);
      Job job;
      try {
        job = await("GetJob", client.getJob(b -> b.id(jobId))).job();
      } catch (JobFailure failure) {
        failures++;
        if (!failure.retryable() || failures >= MAX_POLL_FAILURES) {
          cancel(request.assetId(), jobId);
          throw failure;
        }
        delay = Math.min(delay * 2, MAX_POLL_BACKOFF.toMillis());
        LOG.warn("asset {}: polling MediaConvert job {} failed ({}), next try in {} ms",
            request.assetId(), jobId, failure.getMessage(), delay);
        continue;
      }
      failures = 0;
      delay = settings.pollInterval().toMillis();
      JobStatus status = job.status();
      if (status == JobStatus.COMPLETE) {
        renditions.forEach(name -> progress.progress(name, 1.0, 1.0));
        return job;
      } else if (status == JobStatus.ERROR) {
        throw JobErrors.ofJob(jobId, job.errorCode(), job.errorMessage());
      } else if (status == JobStatus.CANCELED) {
        throw new JobFailure(JobFailure.BACKEND_ERROR, "MediaConvert job " + jobId
            + " was cancelled outside Reel", false);
      } else if (status == JobStatus.PROGRESSING && job.jobPercentComplete() != null
          && job.jobPercentComplete() != lastPercent) {
        lastPercent = job.jobPercentComplete();
        double fraction = Math.min(lastPercent, 99) / 100.0;
        renditions.forEach(name -> progress.progress(name, fraction, fraction));
      }
    }
  }

  /**
   * Cancels the job and waits (bounded) until MediaConvert says it ended, so a deletion that
   * follows does not race the job's last uploads. Never throws: this runs on the way out.
   */
  private void cancel(String assetId, String jobId) {
    boolean interrupted = Thread.interrupted();
    try {
      client.cancelJob(b -> b.id(jobId)).get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        JobStatus status = client.getJob(b -> b.id(jobId))
            .get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS).job().status();
        if (status == JobStatus.CANCELED || status == JobStatus.COMPLETE
            || status == JobStatus.ERROR) {
          LOG.info("asset {}: MediaConvert job {} cancelled ({})", assetId, jobId, status);
          return;
        }
        TimeUnit.MILLISECONDS.sleep(Math.min(settings.pollInterval().toMillis(), 1000));
      }
      LOG.warn("asset {}: MediaConvert job {} not ended {} s after cancelling", assetId, jobId,
          CANCEL_WAIT.toSeconds());
    } catch (InterruptedException e) {
      interrupted = true;
      LOG.warn("asset {}: stopped waiting for MediaConvert job {} to cancel", assetId, jobId);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.warn("asset {}: cancelling MediaConvert job {} failed: {}", assetId, jobId,
          JobErrors.unwrap(e).toString());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The call's result; its failure as a {@link JobFailure}; interruptible. */
  private static <T> T await(String operation, CompletableFuture<T> call)
      throws InterruptedException {
    try {
      return call.get();
    } catch (ExecutionException e) {
      throw JobErrors.ofCall(operation, e);
    }
  }
}
