package dev.reel.transcode.mediaconvert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mediaconvert.model.AacCodingMode;
import software.amazon.awssdk.services.mediaconvert.model.AacSettings;
import software.amazon.awssdk.services.mediaconvert.model.CmafGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.CmafSegmentControl;
import software.amazon.awssdk.services.mediaconvert.model.CmafWriteDASHManifest;
import software.amazon.awssdk.services.mediaconvert.model.CmafWriteHLSManifest;
import software.amazon.awssdk.services.mediaconvert.model.ContainerType;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.FrameCaptureSettings;
import software.amazon.awssdk.services.mediaconvert.model.H264CodecLevel;
import software.amazon.awssdk.services.mediaconvert.model.H264FramerateControl;
import software.amazon.awssdk.services.mediaconvert.model.H264RateControlMode;
import software.amazon.awssdk.services.mediaconvert.model.H264Settings;
import software.amazon.awssdk.services.mediaconvert.model.Input;
import software.amazon.awssdk.services.mediaconvert.model.InputRotate;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupType;
import software.amazon.awssdk.services.mediaconvert.model.ScalingBehavior;
import software.amazon.awssdk.services.mediaconvert.model.StatusUpdateInterval;
import software.amazon.awssdk.services.mediaconvert.model.VideoDescription;

class JobSpecTest {

  private static final CreateJobRequest EXAMPLE = Fixtures.example();

  private static OutputGroup group(CreateJobRequest request, int index) {
    return request.settings().outputGroups().get(index);
  }

  private static H264Settings h264(Output output) {
    return output.videoDescription().codecSettings().h264Settings();
  }

  @Test
  @DisplayName("one CMAF group writes HLS and DASH over one set of 4 s segments in the asset's "
      + "folder; a file group holds the poster")
  void groups() {
    assertEquals(2, EXAMPLE.settings().outputGroups().size());
    OutputGroup cmaf = group(EXAMPLE, 0);
    assertEquals(OutputGroupType.CMAF_GROUP_SETTINGS, cmaf.outputGroupSettings().type());
    CmafGroupSettings settings = cmaf.outputGroupSettings().cmafGroupSettings();
    assertEquals("s3://reel/renditions/" + Fixtures.ASSET + "/master", settings.destination());
    assertEquals(CmafSegmentControl.SEGMENTED_FILES, settings.segmentControl());
    assertEquals(4, settings.segmentLength());
    assertEquals(CmafWriteHLSManifest.ENABLED, settings.writeHlsManifest());
    assertEquals(CmafWriteDASHManifest.ENABLED, settings.writeDashManifest());
    OutputGroup poster = group(EXAMPLE, 1);
    assertEquals(OutputGroupType.FILE_GROUP_SETTINGS, poster.outputGroupSettings().type());
    assertEquals("s3://reel/renditions/" + Fixtures.ASSET + "/thumbs/poster",
        poster.outputGroupSettings().fileGroupSettings().destination());
  }

  @Test
  @DisplayName("each rung is a QVBR H.264 output at its size, capped at its rate, never upscaled")
  void videoOutputs() {
    List<Output> outputs = group(EXAMPLE, 0).outputs();
    assertEquals(List.of("_360p", "_480p", "_720p", "_1080p", "_audio"),
        outputs.stream().map(Output::nameModifier).toList());
    assertEquals(List.of("640x360", "854x480", "1280x720", "1920x1080"),
        outputs.subList(0, 4).stream().map(Output::videoDescription)
            .map(v -> v.width() + "x" + v.height()).toList());
    assertEquals(List.of(800_000, 1_500_000, 3_000_000, 5_000_000),
        outputs.subList(0, 4).stream().map(o -> h264(o).maxBitrate()).toList());
    for (Output output : outputs.subList(0, 4)) {
      assertEquals(ContainerType.CMFC, output.containerSettings().container());
      assertEquals(ScalingBehavior.FIT_NO_UPSCALE, output.videoDescription().scalingBehavior());
      assertEquals(H264RateControlMode.QVBR, h264(output).rateControlMode());
      assertEquals(7, h264(output).qvbrSettings().qvbrQualityLevel());
      assertEquals(2 * h264(output).maxBitrate(), h264(output).hrdBufferSize());
      assertEquals(2.0, h264(output).gopSize());
      assertEquals(H264FramerateControl.INITIALIZE_FROM_SOURCE, h264(output).framerateControl());
    }
    assertEquals(H264CodecLevel.LEVEL_4, h264(outputs.get(3)).codecLevel());
  }

  @Test
  @DisplayName("the audio output is AAC-LC at the profile's rate, from the input's default track")
  void audioOutput() {
    Output audio = group(EXAMPLE, 0).outputs().get(4);
    assertNull(audio.videoDescription());
    assertEquals(JobSpec.AUDIO_SELECTOR, audio.audioDescriptions().get(0).audioSourceName());
    AacSettings aac = audio.audioDescriptions().get(0).codecSettings().aacSettings();
    assertEquals(128_000, aac.bitrate());
    assertEquals(AacCodingMode.CODING_MODE_2_0, aac.codingMode());
    assertEquals(48_000, aac.sampleRate());
    assertTrue(EXAMPLE.settings().inputs().get(0).audioSelectors()
        .containsKey(JobSpec.AUDIO_SELECTOR));
  }

  @Test
  @DisplayName("the input is the original in the bucket, turned upright; role and ids are set")
  void inputAndJob() {
    Input input = EXAMPLE.settings().inputs().get(0);
    assertEquals("s3://reel/originals/" + Fixtures.ASSET + "/source", input.fileInput());
    assertEquals(InputRotate.AUTO, input.videoSelector().rotate());
    assertEquals(Fixtures.ROLE, EXAMPLE.role());
    assertNull(EXAMPLE.queue());
    assertEquals(Map.of("reel-asset-id", Fixtures.ASSET, "reel-job-id", Fixtures.JOB),
        EXAMPLE.userMetadata());
    assertEquals(StatusUpdateInterval.SECONDS_10, EXAMPLE.statusUpdateInterval());
  }

  @Test
  @DisplayName("the poster is the second of two captures, a tenth in (at most 5 s), at most 720p")
  void poster() {
    VideoDescription capture = group(EXAMPLE, 1).outputs().get(0).videoDescription();
    assertEquals("1280x720", capture.width() + "x" + capture.height());
    FrameCaptureSettings settings = capture.codecSettings().frameCaptureSettings();
    assertEquals(2, settings.maxCaptures());
    assertEquals(5.0, 1.0 * settings.framerateDenominator() / settings.framerateNumerator());
    assertEquals("jpg", group(EXAMPLE, 1).outputs().get(0).extension());
  }

  @Test
  @DisplayName("an audio-only source gets one audio output, no video selector and no poster")
  void audioOnly() {
    CreateJobRequest request = Fixtures.createJob(Fixtures.plan(0, 0, 0, true));
    assertEquals(1, request.settings().outputGroups().size());
    assertEquals(List.of("_audio"), group(request, 0).outputs().stream()
        .map(Output::nameModifier).toList());
    assertNull(request.settings().inputs().get(0).videoSelector());
  }

  @Test
  @DisplayName("a silent source gets no audio selector and no audio output")
  void silent() {
    CreateJobRequest request = Fixtures.createJob(Fixtures.plan(640, 360, 25, false));
    assertFalse(request.settings().inputs().get(0).hasAudioSelectors());
    assertEquals(List.of("_360p"), group(request, 0).outputs().stream()
        .map(Output::nameModifier).toList());
  }

  @Test
  @DisplayName("a rate above 60 frames per second is halved to an exact fraction")
  void halvedFrameRate() {
    CreateJobRequest request = Fixtures.createJob(Fixtures.plan(1280, 720, 120_000 / 1001.0,
        false));
    H264Settings h264 = h264(group(request, 0).outputs().get(0));
    assertEquals(H264FramerateControl.SPECIFIED, h264.framerateControl());
    assertEquals(60_000, h264.framerateNumerator());
    assertEquals(1001, h264.framerateDenominator());
  }

  @Test
  @DisplayName("AAC rates and sample rates snap to ones MediaConvert takes; status events "
      + "come no more often than polls")
  void snapping() {
    assertEquals(96_000, JobSpec.aacBitrate(100));
    assertEquals(128_000, JobSpec.aacBitrate(128));
    assertEquals(448_000, JobSpec.aacBitrate(500));
    assertEquals(12_000, JobSpec.aacSampleRate(11_025));
    assertEquals(44_100, JobSpec.aacSampleRate(44_100));
    assertEquals(StatusUpdateInterval.SECONDS_10, JobSpec.statusInterval(0));
    assertEquals(StatusUpdateInterval.SECONDS_60, JobSpec.statusInterval(45));
    assertEquals(StatusUpdateInterval.SECONDS_600, JobSpec.statusInterval(900));
  }
}
