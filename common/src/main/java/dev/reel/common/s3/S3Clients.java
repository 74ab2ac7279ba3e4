package dev.reel.common.s3;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Builds AWS SDK v2 clients that work against AWS S3, MinIO and S3Proxy alike. */
public final class S3Clients {

  private S3Clients() {
  }

  public static S3AsyncClient async(S3Settings settings) {
    var builder = S3AsyncClient.builder()
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials(settings))
        .forcePathStyle(settings.pathStyle())
        // The SDK's default checksums (CRC trailers) are not understood by every S3-compatible
        // server; WHEN_REQUIRED keeps the wire format that all of them accept.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(128)
            .connectionAcquisitionTimeout(Duration.ofSeconds(30))
            .connectionTimeout(Duration.ofSeconds(5)));
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  public static S3Presigner presigner(S3Settings settings) {
    var builder = S3Presigner.builder()
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials(settings))
        .serviceConfiguration(S3Configuration.builder()
            .pathStyleAccessEnabled(settings.pathStyle()).build());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * The keys of the settings, or the AWS default chain without them; other AWS clients of a
   * service that act on the same bucket sign with these too.
   */
  public static AwsCredentialsProvider credentials(S3Settings settings) {
    if (settings.accessKey().isPresent()) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(
          settings.accessKey().get(), settings.secretKey().orElseThrow()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
