package dev.reel.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertAsyncClient;
import software.amazon.awssdk.services.mediaconvert.model.AudioCodec;
import software.amazon.awssdk.services.mediaconvert.model.BadRequestException;
import software.amazon.awssdk.services.mediaconvert.model.ContainerType;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.H264RateControlMode;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupType;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodec;

/**
 * The stand-in is no rubber stamp: requests the AWS SDK signs for another region or with
 * another key, and CreateJob bodies that break MediaConvert's rules or leave the asset's
 * folder, are refused with 400 and their problems named.
 */
class MediaConvertStandInTest {

  private static final String KEY = "AKIDSTANDINTEST";
  private static final String SECRET = "stand-in-test-secret";
  private static final String ROLE = "arn:aws:iam::111122223333:role/ReelMediaConvert";
  private static final String SOURCE = "s3://reel/originals/asset1/source";
  private static MediaConvertStandIn standIn;

  @BeforeAll
  static void start() {
    standIn = MediaConvertStandIn.start(KEY, SECRET, "eu-west-1", ROLE, Optional.empty(), null);
    standIn.script(SOURCE, JobScript.video(640, 360, 25, 1, true, 3.0));
  }

  @AfterAll
  static void stop() {
    standIn.close();
  }

  private static MediaConvertAsyncClient client(String region, String secret) {
    return MediaConvertAsyncClient.builder()
        .region(Region.of(region))
        .endpointOverride(standIn.endpoint())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(KEY, secret)))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder())
        .build();
  }

  private static String refusal(Runnable call) {
    CompletionException e = assertThrows(CompletionException.class, call::run);
    assertTrue(e.getCause() instanceof BadRequestException, e.toString());
    return ((BadRequestException) e.getCause()).awsErrorDetails().errorMessage();
  }

  private static void probe(MediaConvertAsyncClient client) {
    client.probe(b -> b.inputFiles(f -> f.fileUrl(SOURCE))).join();
  }

  @Test
  @DisplayName("a valid signature passes; another region or another secret is refused")
  void signatures() {
    try (var good = client("eu-west-1", SECRET); var otherRegion = client("us-east-1", SECRET);
        var otherSecret = client("eu-west-1", "not-the-secret")) {
      probe(good);
      assertTrue(refusal(() -> probe(otherRegion))
          .contains("signed with region 'us-east-1', expected 'eu-west-1'"));
      assertTrue(refusal(() -> probe(otherSecret)).contains("signature does not verify"));
    }
  }

  @Test
  @DisplayName("a CreateJob with a foreign role, CBR video, an AAC rate MediaConvert refuses "
      + "and an output outside the asset's folder is refused, each problem named")
  void badCreateJob() {
    CreateJobRequest bad = CreateJobRequest.builder()
        .role("arn:aws:iam::999999999999:role/Other")
        .settings(s -> s.inputs(i -> i.fileInput(SOURCE))
            .outputGroups(g -> g
                .outputGroupSettings(o -> o.type(OutputGroupType.CMAF_GROUP_SETTINGS)
                    .cmafGroupSettings(c -> c.destination("s3://reel/elsewhere/master")))
                .outputs(o -> o.nameModifier("_360p")
                    .containerSettings(c -> c.container(ContainerType.CMFC))
                    .videoDescription(v -> v.width(640).height(360).codecSettings(c -> c
                        .codec(VideoCodec.H_264).h264Settings(h -> h
                            .rateControlMode(H264RateControlMode.CBR).bitrate(800_000)))),
                    o -> o.nameModifier("_audio")
                        .containerSettings(c -> c.container(ContainerType.CMFC))
                        .audioDescriptions(a -> a.audioSourceName("Audio Selector 1")
                            .codecSettings(c -> c.codec(AudioCodec.AAC)
                                .aacSettings(x -> x.bitrate(100_000)))))))
        .build();
    try (var client = client("eu-west-1", SECRET)) {
      String message = refusal(() -> client.createJob(bad).join());
      for (String expected : List.of("role is arn:aws:iam::999999999999:role/Other",
          "is not under s3://reel/renditions/asset1/", "rateControlMode is CBR, expected QVBR",
          "QVBR takes no bitrate", "AAC bitrate 100000 is not one MediaConvert takes",
          "audioSourceName Audio Selector 1 is no selector", "writeHlsManifest is null")) {
        assertTrue(message.contains(expected), () -> expected + " not in: " + message);
      }
    }
    assertEquals(1, standIn.calls(SOURCE, "POST", "/jobs").size());
  }
}
