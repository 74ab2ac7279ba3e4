package dev.reel.common.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.kafka.KafkaSettings;
import dev.reel.common.s3.S3Settings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InfrastructureTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("closing the clients does not hold the event loop (the S3 client's close blocks "
      + "for about two seconds)")
  void closeOffTheEventLoop() throws Exception {
    // Nothing listens on port 1: building the clients connects to neither.
    Infrastructure infra = Infrastructure.connect(vertx, KafkaSettings.of("127.0.0.1:1"),
            new S3Settings(Optional.of(URI.create("http://127.0.0.1:1")), "us-east-1", "reel",
                Optional.of("key"), Optional.of("secret"), true))
        .await(30, TimeUnit.SECONDS);
    Promise<Long> heldMillis = Promise.promise();
    Promise<Future<Void>> closing = Promise.promise();
    vertx.runOnContext(v -> {
      long start = System.nanoTime();
      closing.complete(infra.close());
      heldMillis.complete((System.nanoTime() - start) / 1_000_000);
    });

    long held = heldMillis.future().await(30, TimeUnit.SECONDS);
    assertTrue(held < 1000, "the event loop was held for " + held + " ms");
    closing.future().await(30, TimeUnit.SECONDS).await(30, TimeUnit.SECONDS);
  }
}
