package dev.reel.bench.scenarios;

import dev.reel.common.s3.S3Settings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.multipart.MultipartConfiguration;

/**
 * The S3 client the transfer manager runs on. Without the CRT (not available here) the transfer
 * manager only does multipart when its client is the SDK's Java multipart client; otherwise it
 * falls back to one PutObject. So: Reel's own client settings ({@code S3Clients.async}: path
 * style, WHEN_REQUIRED checksums, no aws-chunked encoding, the same Netty pool) plus
 * {@code multipartEnabled(true)} with the SDK's default 8 MiB parts, and a counter of the
 * requests it really sends, so the report can show that it did multipart.
 */
final class TransferClient {

  static final long PART_SIZE = 8L * 1024 * 1024;

  /** Counts S3 calls by kind as the SDK executes them. */
  static final class RequestCounter implements ExecutionInterceptor {
    final AtomicLong multipartUploads = new AtomicLong();
    final AtomicLong parts = new AtomicLong();
    final AtomicLong singlePuts = new AtomicLong();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      SdkRequest request = context.request();
      if (request instanceof CreateMultipartUploadRequest) {
        multipartUploads.incrementAndGet();
      } else if (request instanceof UploadPartRequest) {
        parts.incrementAndGet();
      } else if (request instanceof PutObjectRequest) {
        singlePuts.incrementAndGet();
      }
    }
  }

  private TransferClient() {
  }

  static S3AsyncClient create(S3Settings settings, RequestCounter counter) {
    return S3AsyncClient.builder()
        .region(Region.of(settings.region()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            settings.accessKey().orElseThrow(), settings.secretKey().orElseThrow())))
        .endpointOverride(settings.endpoint().orElseThrow())
        .forcePathStyle(settings.pathStyle())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(128)
            .connectionAcquisitionTimeout(Duration.ofSeconds(30))
            .connectionTimeout(Duration.ofSeconds(5)))
        .multipartEnabled(true)
        .multipartConfiguration(MultipartConfiguration.builder()
            .thresholdInBytes(PART_SIZE)
            .minimumPartSizeInBytes(PART_SIZE)
            .build())
        .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
        .build();
  }
}
