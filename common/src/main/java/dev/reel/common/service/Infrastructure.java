package dev.reel.common.service;

import dev.reel.common.kafka.KafkaClients;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.common.kafka.TopicSetup;
import dev.reel.common.s3.S3Clients;
import dev.reel.common.s3.S3Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * A service's connections to Kafka and S3, and the readiness checks over them. A service starts
 * even when Kafka or S3 is down (it reports not-ready until they are back) rather than crash-loop.
 */
public final class Infrastructure {

  private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

  private final Vertx vertx;
  private final KafkaSettings kafka;
  private final S3Settings s3Settings;
  private final S3AsyncClient s3;
  private final KafkaAdminClient admin;

  private Infrastructure(Vertx vertx, KafkaSettings kafka, S3Settings s3Settings) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.s3Settings = s3Settings;
    this.s3 = S3Clients.async(s3Settings);
    this.admin = KafkaClients.admin(vertx, kafka);
  }

  /**
   * Builds the clients on a worker thread: their first use loads hundreds of classes and reads
   * credential sources, which would stall an event loop for seconds.
   */
  public static Future<Infrastructure> connect(Vertx vertx, KafkaSettings kafka, S3Settings s3) {
    return vertx.executeBlocking(() -> new Infrastructure(vertx, kafka, s3));
  }

  public S3AsyncClient s3() {
    return s3;
  }

  public String bucket() {
    return s3Settings.bucket();
  }

  public KafkaSettings kafka() {
    return kafka;
  }

  public List<ReadinessCheck> readinessChecks() {
    return List.of(ReadinessCheck.kafka(admin), ReadinessCheck.s3(vertx, s3, bucket()));
  }

  /** Creates missing topics; a failure is logged, not fatal, since Kafka may come up later. */
  public Future<Void> ensureTopics() {
    return TopicSetup.ensureAll(admin, kafka)
        .recover(e -> {
          LOG.warn("could not check Kafka topics ({}); continuing, readiness will say DOWN",
              e.toString());
          return Future.succeededFuture();
        });
  }

  /**
   * Closes both clients. The S3 client's close blocks while its Netty threads wind down (about
   * two seconds), so it runs on a worker thread: on the event loop, it held every service's
   * shutdown up and had Vert.x's blocked-thread checker warn.
   */
  public Future<Void> close() {
    Future<Void> s3Closed = vertx.executeBlocking(() -> {
      s3.close();
      return null;
    }, false);
    return Future.join(s3Closed, admin.close()).mapEmpty();
  }
}
