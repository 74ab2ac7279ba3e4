package dev.reel.transcode.mediaconvert;

import dev.reel.common.event.Rendition;
import dev.reel.transcode.job.JobFailure;
import dev.reel.transcode.job.JobManifest;
import dev.reel.transcode.job.TranscodeBackend;
import dev.reel.transcode.ladder.LadderPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.OutputDetail;
import software.amazon.awssdk.services.mediaconvert.model.VideoDetail;

/**
 * What a COMPLETE job left in the bucket, in the shape of {@code transcode.completed}. The keys
 * come from listing the bucket, never from the request alone: the completion is announced only
 * when both manifests are really there. Sizes are what MediaConvert reports it encoded (a source
 * the probe saw sideways comes out at other sizes than planned); the average bit rate is what
 * the rendition's objects weigh over its duration, the peak is the rung's cap.
 */
final class JobOutcome {

  private JobOutcome() {
  }

  static TranscodeBackend.Outcome of(Job job, LadderPlan plan, OutputNames names,
      List<TranscodeBackend.Output> listing, long timeToFirstPlayableMs) {
    String manifestKey = JobManifest.key(names.prefix());
    List<TranscodeBackend.Output> outputs = listing.stream()
        .filter(o -> !o.key().equals(manifestKey)).toList();
    Set<String> keys = outputs.stream().map(TranscodeBackend.Output::key)
        .collect(Collectors.toSet());
    for (String required : List.of(names.hlsMasterKey(), names.dashManifestKey())) {
      if (!keys.contains(required)) {
        throw new JobFailure(JobFailure.BACKEND_ERROR, "MediaConvert job " + job.id()
            + " is COMPLETE but " + required + " is not in the bucket", true);
      }
    }
    List<OutputDetail> details = job.hasOutputGroupDetails() && !job.outputGroupDetails()
        .isEmpty() && job.outputGroupDetails().get(0).hasOutputDetails()
        ? job.outputGroupDetails().get(0).outputDetails() : List.of();
    double duration = details.stream().filter(d -> d.durationInMs() != null)
        .mapToDouble(d -> d.durationInMs() / 1000.0).max().orElse(plan.durationSeconds());

    List<Rendition> renditions = new ArrayList<>();
    List<String> order = JobSpec.renditionNames(plan);
    for (int i = 0; i < order.size(); i++) {
      String name = order.get(i);
      OutputDetail detail = i < details.size() ? details.get(i) : null;
      double seconds = detail != null && detail.durationInMs() != null
          ? detail.durationInMs() / 1000.0 : duration;
      long average = averageBitRate(outputs, names.renditionPrefix(name), seconds);
      if (name.equals(OutputNames.AUDIO)) {
        long cap = JobSpec.aacBitrate(plan.audio().orElseThrow().kbps());
        renditions.add(new Rendition(name, Rendition.AUDIO, 0, 0, 0, Math.max(cap, average),
            average, JobSpec.AUDIO_CODECS, names.playlistKey(name)));
      } else {
        LadderPlan.VideoRendition planned = plan.video().get(i);
        VideoDetail size = detail != null ? detail.videoDetails() : null;
        int width = size != null && size.widthInPx() != null ? size.widthInPx()
            : planned.width();
        int height = size != null && size.heightInPx() != null ? size.heightInPx()
            : planned.height();
        long cap = planned.maxKbps() * 1000L;
        renditions.add(new Rendition(name, Rendition.VIDEO, width, height,
            planned.frameRate(), Math.max(cap, average), average,
            H264Level.of(planned, JobSpec.BUFFER_SECONDS).codecs(), names.playlistKey(name)));
      }
    }
    String poster = plan.video().isEmpty() ? null : outputs.stream()
        .map(TranscodeBackend.Output::key)
        .filter(k -> k.startsWith(names.posterPrefix()) && k.endsWith(".jpg"))
        .max(String::compareTo).orElse(null);
    return new TranscodeBackend.Outcome(names.hlsMasterKey(), names.dashManifestKey(), poster,
        null, renditions, duration, timeToFirstPlayableMs, outputs);
  }

  /** Bits per second over the rendition's segments and init segment; 0 when unknown. */
  static long averageBitRate(List<TranscodeBackend.Output> outputs, String renditionPrefix,
      double seconds) {
    long bytes = outputs.stream()
        .filter(o -> o.key().startsWith(renditionPrefix + "_")
            || o.key().startsWith(renditionPrefix + "."))
        .filter(o -> !o.key().endsWith(".m3u8") && !o.key().endsWith(".mpd"))
        .mapToLong(TranscodeBackend.Output::bytes).sum();
    return seconds > 0 ? Math.round(bytes * 8 / seconds) : 0;
  }
}
