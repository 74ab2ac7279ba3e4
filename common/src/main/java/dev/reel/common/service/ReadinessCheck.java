package dev.reel.common.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** One dependency a service needs before it can do useful work. */
public record ReadinessCheck(String name, Supplier<Future<?>> probe) {

  /** Kafka is reachable when the cluster answers a metadata request. */
  public static ReadinessCheck kafka(KafkaAdminClient admin) {
    return new ReadinessCheck("kafka", admin::describeCluster);
  }

  /** S3 is reachable when the configured bucket answers a HEAD with this service's credentials. */
  public static ReadinessCheck s3(Vertx vertx, S3AsyncClient s3, String bucket) {
    return new ReadinessCheck("s3", () -> Future.fromCompletionStage(
        s3.headBucket(b -> b.bucket(bucket)), vertx.getOrCreateContext()));
  }
}
