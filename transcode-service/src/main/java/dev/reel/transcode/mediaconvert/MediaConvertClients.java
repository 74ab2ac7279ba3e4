package dev.reel.transcode.mediaconvert;

import dev.reel.common.s3.S3Clients;
import dev.reel.common.s3.S3Settings;
import dev.reel.transcode.config.MediaConvertSettings;
import java.time.Duration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertAsyncClient;

/** Builds the MediaConvert client: the settings' region and endpoint, the bucket's credentials. */
public final class MediaConvertClients {

  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private MediaConvertClients() {
  }

  public static MediaConvertAsyncClient async(MediaConvertSettings settings, S3Settings s3) {
    var builder = MediaConvertAsyncClient.builder()
        .region(Region.of(settings.region()))
        .credentialsProvider(S3Clients.credentials(s3))
        .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(32)
            .connectionTimeout(Duration.ofSeconds(5)));
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
