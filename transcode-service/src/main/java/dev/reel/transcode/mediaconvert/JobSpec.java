package dev.reel.transcode.mediaconvert;

import dev.reel.transcode.config.MediaConvertSettings;
import dev.reel.transcode.job.TranscodeBackend;
import dev.reel.transcode.ladder.LadderPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.mediaconvert.model.AacCodecProfile;
import software.amazon.awssdk.services.mediaconvert.model.AacCodingMode;
import software.amazon.awssdk.services.mediaconvert.model.AacRateControlMode;
import software.amazon.awssdk.services.mediaconvert.model.AacSettings;
import software.amazon.awssdk.services.mediaconvert.model.AntiAlias;
import software.amazon.awssdk.services.mediaconvert.model.AudioCodec;
import software.amazon.awssdk.services.mediaconvert.model.AudioDefaultSelection;
import software.amazon.awssdk.services.mediaconvert.model.AudioDescription;
import software.amazon.awssdk.services.mediaconvert.model.AudioSelector;
import software.amazon.awssdk.services.mediaconvert.model.CmafCodecSpecification;
import software.amazon.awssdk.services.mediaconvert.model.CmafGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.CmafManifestDurationFormat;
import software.amazon.awssdk.services.mediaconvert.model.CmafMpdProfile;
import software.amazon.awssdk.services.mediaconvert.model.CmafSegmentControl;
import software.amazon.awssdk.services.mediaconvert.model.CmafStreamInfResolution;
import software.amazon.awssdk.services.mediaconvert.model.CmafWriteDASHManifest;
import software.amazon.awssdk.services.mediaconvert.model.CmafWriteHLSManifest;
import software.amazon.awssdk.services.mediaconvert.model.CmafWriteSegmentTimelineInRepresentation;
import software.amazon.awssdk.services.mediaconvert.model.ContainerType;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.H264CodecProfile;
import software.amazon.awssdk.services.mediaconvert.model.H264FramerateControl;
import software.amazon.awssdk.services.mediaconvert.model.H264FramerateConversionAlgorithm;
import software.amazon.awssdk.services.mediaconvert.model.H264GopSizeUnits;
import software.amazon.awssdk.services.mediaconvert.model.H264ParControl;
import software.amazon.awssdk.services.mediaconvert.model.H264QualityTuningLevel;
import software.amazon.awssdk.services.mediaconvert.model.H264RateControlMode;
import software.amazon.awssdk.services.mediaconvert.model.H264SceneChangeDetect;
import software.amazon.awssdk.services.mediaconvert.model.H264Settings;
import software.amazon.awssdk.services.mediaconvert.model.Input;
import software.amazon.awssdk.services.mediaconvert.model.InputRotate;
import software.amazon.awssdk.services.mediaconvert.model.InputTimecodeSource;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupType;
import software.amazon.awssdk.services.mediaconvert.model.RespondToAfd;
import software.amazon.awssdk.services.mediaconvert.model.ScalingBehavior;
import software.amazon.awssdk.services.mediaconvert.model.StatusUpdateInterval;
import software.amazon.awssdk.services.mediaconvert.model.TimecodeSource;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodec;
import software.amazon.awssdk.services.mediaconvert.model.VideoDescription;

/**
 * The {@code CreateJob} request for one planned ladder: one CMAF output group that writes the
 * HLS and the DASH manifest over one set of fMP4 segments (a QVBR H.264 output per rung, capped
 * at the rung's rate, and an AAC output), plus a file group with a frame capture for the poster.
 * Sizes are the plan's, scaled "fit without upscaling", so nothing is enlarged and a source the
 * probe saw sideways still comes out upright (MediaConvert turns it by its rotation metadata).
 */
final class JobSpec {

  static final String AUDIO_SELECTOR = "Audio Selector 1";
  static final int QVBR_QUALITY = 7;
  /** The HRD buffer holds this many seconds at the cap, as the ffmpeg backend's bufsize. */
  static final int BUFFER_SECONDS = 2;
  static final String AUDIO_CODECS = "mp4a.40.2";
  static final int POSTER_SHORT_SIDE = 720;
  /** MediaConvert's AAC encoder takes these rates only (bit/s). */
  static final int[] AAC_BITRATES = {6000, 8000, 10000, 12000, 14000, 16000, 20000, 24000,
      28000, 32000, 40000, 48000, 56000, 64000, 80000, 96000, 112000, 128000, 160000, 192000,
      224000, 256000, 288000, 320000, 384000, 448000, 512000, 576000, 640000, 768000, 896000,
      1024000};
  static final int[] AAC_SAMPLE_RATES = {8000, 12000, 16000, 22050, 24000, 32000, 44100, 48000,
      88200, 96000};

  private JobSpec() {
  }

  static CreateJobRequest createJob(TranscodeBackend.Request request, LadderPlan plan,
      OutputNames names, MediaConvertSettings settings) {
    List<OutputGroup> groups = new ArrayList<>();
    groups.add(cmafGroup(plan, names));
    if (!plan.video().isEmpty()) {
      groups.add(posterGroup(plan, names));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("reel-asset-id", request.assetId());
    metadata.put("reel-job-id", request.jobId());
    return CreateJobRequest.builder()
        .role(settings.roleArn())
        .queue(settings.queueArn().orElse(null))
        .userMetadata(metadata)
        .statusUpdateInterval(statusInterval(settings.pollInterval().toSeconds()))
        .settings(s -> s
            .timecodeConfig(t -> t.source(TimecodeSource.ZEROBASED))
            .inputs(input(request, plan, names))
            .outputGroups(groups))
        .build();
  }

  /** Output order in the CMAF group, which is also the order of its output details. */
  static List<String> renditionNames(LadderPlan plan) {
    List<String> names = new ArrayList<>(plan.video().stream()
        .map(LadderPlan.VideoRendition::name).toList());
    plan.audio().ifPresent(a -> names.add(OutputNames.AUDIO));
    return names;
  }

  private static Input input(TranscodeBackend.Request request, LadderPlan plan,
      OutputNames names) {
    Input.Builder input = Input.builder()
        .fileInput(names.sourceUrl(request.sourceKey()))
        .timecodeSource(InputTimecodeSource.ZEROBASED);
    if (!plan.video().isEmpty()) {
      input.videoSelector(v -> v.rotate(InputRotate.AUTO));
    }
    if (plan.audio().isPresent()) {
      input.audioSelectors(Map.of(AUDIO_SELECTOR,
          AudioSelector.builder().defaultSelection(AudioDefaultSelection.DEFAULT).build()));
    }
    return input.build();
  }

  private static OutputGroup cmafGroup(LadderPlan plan, OutputNames names) {
    List<Output> outputs = new ArrayList<>();
    plan.video().forEach(r -> outputs.add(videoOutput(r, plan)));
    plan.audio().ifPresent(a -> outputs.add(audioOutput(a)));
    CmafGroupSettings cmaf = CmafGroupSettings.builder()
        .destination(names.cmafDestination())
        .segmentControl(CmafSegmentControl.SEGMENTED_FILES)
        .segmentLength(plan.segmentSeconds())
        .fragmentLength(plan.segmentSeconds())
        .writeHlsManifest(CmafWriteHLSManifest.ENABLED)
        .writeDashManifest(CmafWriteDASHManifest.ENABLED)
        .mpdProfile(CmafMpdProfile.MAIN_PROFILE)
        .writeSegmentTimelineInRepresentation(CmafWriteSegmentTimelineInRepresentation.ENABLED)
        .manifestDurationFormat(CmafManifestDurationFormat.FLOATING_POINT)
        .streamInfResolution(CmafStreamInfResolution.INCLUDE)
        .codecSpecification(CmafCodecSpecification.RFC_6381)
        .build();
    return OutputGroup.builder()
        .name("CMAF")
        .customName("reel-renditions")
        .outputGroupSettings(g -> g.type(OutputGroupType.CMAF_GROUP_SETTINGS)
            .cmafGroupSettings(cmaf))
        .outputs(outputs)
        .build();
  }

  private static Output videoOutput(LadderPlan.VideoRendition r, LadderPlan plan) {
    int capBps = r.maxKbps() * 1000;
    H264Settings.Builder h264 = H264Settings.builder()
        .rateControlMode(H264RateControlMode.QVBR)
        .qvbrSettings(q -> q.qvbrQualityLevel(QVBR_QUALITY))
        .maxBitrate(capBps)
        .hrdBufferSize(capBps * BUFFER_SECONDS)
        .codecProfile(H264CodecProfile.HIGH)
        .codecLevel(H264Level.of(r, BUFFER_SECONDS).sdkLevel())
        .qualityTuningLevel(H264QualityTuningLevel.SINGLE_PASS_HQ)
        .sceneChangeDetect(H264SceneChangeDetect.TRANSITION_DETECTION)
        .gopSize(Math.max(1, plan.segmentSeconds() / 2.0))
        .gopSizeUnits(H264GopSizeUnits.SECONDS)
        .gopClosedCadence(1)
        .parControl(H264ParControl.SPECIFIED)
        .parNumerator(1)
        .parDenominator(1);
    if (r.halveFrameRate()) {
      // 1001ths express both NTSC rates (30000/1001) and whole rates (30030/1001) exactly.
      h264.framerateControl(H264FramerateControl.SPECIFIED)
          .framerateNumerator((int) Math.round(r.frameRate() * 1001))
          .framerateDenominator(1001)
          .framerateConversionAlgorithm(H264FramerateConversionAlgorithm.DUPLICATE_DROP);
    } else {
      h264.framerateControl(H264FramerateControl.INITIALIZE_FROM_SOURCE);
    }
    VideoDescription video = VideoDescription.builder()
        .width(r.width())
        .height(r.height())
        .scalingBehavior(ScalingBehavior.FIT_NO_UPSCALE)
        .antiAlias(AntiAlias.ENABLED)
        .respondToAfd(RespondToAfd.NONE)
        .codecSettings(c -> c.codec(VideoCodec.H_264).h264Settings(h264.build()))
        .build();
    return Output.builder()
        .nameModifier(OutputNames.nameModifier(r.name()))
        .containerSettings(c -> c.container(ContainerType.CMFC))
        .videoDescription(video)
        .build();
  }

  private static Output audioOutput(LadderPlan.AudioRendition a) {
    AacSettings aac = AacSettings.builder()
        .codecProfile(AacCodecProfile.LC)
        .rateControlMode(AacRateControlMode.CBR)
        .bitrate(aacBitrate(a.kbps()))
        .codingMode(a.channels() == 1 ? AacCodingMode.CODING_MODE_1_0
            : AacCodingMode.CODING_MODE_2_0)
        .sampleRate(aacSampleRate(a.sampleRate()))
        .build();
    return Output.builder()
        .nameModifier(OutputNames.nameModifier(OutputNames.AUDIO))
        .containerSettings(c -> c.container(ContainerType.CMFC))
        .audioDescriptions(AudioDescription.builder()
            .audioSourceName(AUDIO_SELECTOR)
            .codecSettings(c -> c.codec(AudioCodec.AAC).aacSettings(aac))
            .build())
        .build();
  }

  /**
   * One frame capture at the ffmpeg backend's poster time (a tenth in, at most 5 s): captures
   * run from the first frame at a fixed rate, so two captures at one per that time put the
   * second one there. The last capture is the poster.
   */
  private static OutputGroup posterGroup(LadderPlan plan, OutputNames names) {
    LadderPlan.VideoRendition top = plan.video().get(plan.video().size() - 1);
    int shortSide = Math.min(top.width(), top.height());
    double scale = shortSide <= POSTER_SHORT_SIDE ? 1 : (double) POSTER_SHORT_SIDE / shortSide;
    int tenths = (int) Math.max(1, Math.round(Math.min(plan.durationSeconds() * 0.1, 5.0) * 10));
    Output capture = Output.builder()
        .extension("jpg")
        .containerSettings(c -> c.container(ContainerType.RAW))
        .videoDescription(v -> v
            .width(even(top.width() * scale))
            .height(even(top.height() * scale))
            .scalingBehavior(ScalingBehavior.FIT_NO_UPSCALE)
            .antiAlias(AntiAlias.ENABLED)
            .codecSettings(c -> c.codec(VideoCodec.FRAME_CAPTURE)
                .frameCaptureSettings(f -> f.framerateNumerator(10).framerateDenominator(tenths)
                    .maxCaptures(2).quality(80))))
        .build();
    return OutputGroup.builder()
        .name("File Group")
        .customName("reel-poster")
        .outputGroupSettings(g -> g.type(OutputGroupType.FILE_GROUP_SETTINGS)
            .fileGroupSettings(f -> f.destination(names.posterDestination())))
        .outputs(capture)
        .build();
  }

  /** The highest rate MediaConvert's AAC takes that is not above the profile's. */
  static int aacBitrate(int kbps) {
    int wanted = kbps * 1000;
    int chosen = AAC_BITRATES[0];
    for (int rate : AAC_BITRATES) {
      if (rate <= wanted) {
        chosen = rate;
      }
    }
    return chosen;
  }

  /** The plan's sample rate, or the next one up that MediaConvert's AAC takes. */
  static int aacSampleRate(int planned) {
    for (int rate : AAC_SAMPLE_RATES) {
      if (rate >= planned) {
        return rate;
      }
    }
    return 48000;
  }

  /** Status events no more often than Reel polls, and not more often than MediaConvert allows. */
  static StatusUpdateInterval statusInterval(long pollSeconds) {
    StatusUpdateInterval chosen = StatusUpdateInterval.SECONDS_600;
    for (StatusUpdateInterval interval : StatusUpdateInterval.knownValues()) {
      long seconds = seconds(interval);
      if (seconds >= pollSeconds && seconds < seconds(chosen)) {
        chosen = interval;
      }
    }
    return chosen;
  }

  private static long seconds(StatusUpdateInterval interval) {
    return Long.parseLong(interval.toString().substring("SECONDS_".length()));
  }

  private static int even(double value) {
    return Math.max(2, (int) Math.round(value / 2) * 2);
  }
}
