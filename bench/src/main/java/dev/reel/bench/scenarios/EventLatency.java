package dev.reel.bench.scenarios;

import dev.reel.bench.BenchContext;
import dev.reel.bench.Scenario;
import dev.reel.bench.measure.Better;
import dev.reel.bench.measure.Comparison;
import dev.reel.bench.measure.ScenarioResult;
import dev.reel.bench.measure.Stats;
import dev.reel.bench.reel.Fixtures;
import dev.reel.bench.reel.Uploaded;
import dev.reel.common.event.Topic;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue scenario 4: how soon an outside consumer learns of an upload. Small uploads, one after
 * the other; a Kafka consumer of its own group, positioned at the end of {@code media.uploaded}
 * before the first upload, notes when each asset's event arrives. Reel-only: no anchor does this.
 */
public final class EventLatency implements Scenario {

  private static final Logger LOG = LoggerFactory.getLogger(EventLatency.class);
  private static final int FILE_BYTES = 64 * 1024;
  private static final int WARMUP_UPLOADS = 10;
  private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(15);

  /** When the consumer had the record in hand. */
  private record Seen(long nanos, long wallMillis, long eventTimeMillis) {
  }

  @Override
  public String id() {
    return "event-latency";
  }

  @Override
  public String title() {
    return "Event latency: upload → media.uploaded";
  }

  @Override
  public String description() {
    return "Sequential uploads of 64 KiB files; a Kafka consumer (kafka-clients, "
        + "CloudEventDeserializer, a group of its own, at the end of `media.uploaded` before the "
        + "first upload) records when each asset's event arrives. Three clocks: from the 201 "
        + "received (the issue's figure; negative when the event beat the HTTP answer), from "
        + "the event's `time` attribute (set by ingest when it creates the event, once the "
        + "original is stored: the announcing path alone; same machine, same clock), and from "
        + "the request being sent (what a client waiting for the event sees). Reel-only: no anchor, "
        + "no target; p50/p99 per round, median and range over the rounds.";
  }

  @Override
  public void run(BenchContext ctx, ScenarioResult.Builder out) throws Exception {
    int rounds = ctx.options().rounds();
    int perRound = Math.max(1, ctx.options().eventUploads() / rounds);
    Map<String, CompletableFuture<Seen>> seen = new ConcurrentHashMap<>();
    try (EventWatcher watcher = new EventWatcher(ctx.platform().kafkaBootstrap(), seen)) {
      watcher.awaitAssigned();
      for (int i = 0; i < WARMUP_UPLOADS; i++) {
        uploadOnce(ctx, seen);
      }
      List<Double> allAccepted = new ArrayList<>();
      List<Double> allPublished = new ArrayList<>();
      List<Double> allRequest = new ArrayList<>();
      List<List<Double>> perRoundAccepted = new ArrayList<>();
      List<List<Double>> perRoundPublished = new ArrayList<>();
      List<List<Double>> perRoundRequest = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        List<Double> accepted = new ArrayList<>();
        List<Double> published = new ArrayList<>();
        List<Double> request = new ArrayList<>();
        for (int i = 0; i < perRound; i++) {
          double[] sample = uploadOnce(ctx, seen);
          accepted.add(sample[0]);
          published.add(sample[1]);
          request.add(sample[2]);
        }
        LOG.info("event-latency: round {}/{}: {} uploads, 201 → seen p50 {} ms, p99 {} ms",
            round, rounds, perRound, fmt(Stats.percentile(accepted, 50)),
            fmt(Stats.percentile(accepted, 99)));
        perRoundAccepted.add(accepted);
        perRoundPublished.add(published);
        perRoundRequest.add(request);
        allAccepted.addAll(accepted);
        allPublished.addAll(published);
        allRequest.addAll(request);
      }
      addRows(out, "upload 201 received → event consumed", perRoundAccepted);
      addRows(out, "event time (set by ingest) → event consumed", perRoundPublished);
      addRows(out, "upload request sent → event consumed", perRoundRequest);
      int total = allAccepted.size();
      out.figure("uploads", total);
      out.figure("accepted_to_seen_p50_ms", Stats.percentile(allAccepted, 50));
      out.figure("accepted_to_seen_p99_ms", Stats.percentile(allAccepted, 99));
      out.figure("published_to_seen_p50_ms", Stats.percentile(allPublished, 50));
      out.figure("published_to_seen_p99_ms", Stats.percentile(allPublished, 99));
      out.figure("request_to_seen_p50_ms", Stats.percentile(allRequest, 50));
      out.figure("request_to_seen_p99_ms", Stats.percentile(allRequest, 99));
      long early = allAccepted.stream().filter(v -> v < 0).count();
      out.note(String.format("Over all %d timed uploads (%d rounds of %d, after %d warm-up "
              + "uploads): 201 → consumed p50 %s ms, p99 %s ms; event time → consumed p50 %s ms, "
              + "p99 %s ms; request → consumed p50 %s ms, p99 %s ms.", total, rounds, perRound,
          WARMUP_UPLOADS, fmt(Stats.percentile(allAccepted, 50)),
          fmt(Stats.percentile(allAccepted, 99)), fmt(Stats.percentile(allPublished, 50)),
          fmt(Stats.percentile(allPublished, 99)), fmt(Stats.percentile(allRequest, 50)),
          fmt(Stats.percentile(allRequest, 99))));
      out.note(String.format("In %d of %d uploads the consumer had the event before the client "
          + "had its 201: the event and the HTTP answer race, so 201 → consumed can be "
          + "negative.", early, total));
    }
  }

  private static void addRows(ScenarioResult.Builder out, String what,
      List<List<Double>> perRound) {
    out.row(Comparison.reelOnly(what + ", p50", "ms", Better.LOWER,
        perRound.stream().map(r -> Stats.percentile(r, 50)).toList()));
    out.row(Comparison.reelOnly(what + ", p99", "ms", Better.LOWER,
        perRound.stream().map(r -> Stats.percentile(r, 99)).toList()));
  }

  /** One upload; returns {201→seen, event time→seen, request→seen} in milliseconds. */
  private static double[] uploadOnce(BenchContext ctx, Map<String, CompletableFuture<Seen>> seen)
      throws Exception {
    byte[] body = Fixtures.randomBytes(FILE_BYTES);
    long sent = System.nanoTime();
    Uploaded uploaded = ctx.reel().upload(body, "video/mp4", "event-latency.mp4");
    long accepted = System.nanoTime();
    Seen event = seen.computeIfAbsent(uploaded.assetId(), id -> new CompletableFuture<>())
        .get(EVENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    seen.remove(uploaded.assetId());
    return new double[] {
        (event.nanos() - accepted) / 1e6,
        event.wallMillis() - event.eventTimeMillis(),
        (event.nanos() - sent) / 1e6};
  }

  private static String fmt(double millis) {
    return String.format("%.1f", millis);
  }

  /** A consumer on its own thread (KafkaConsumer is single-threaded by contract). */
  private static final class EventWatcher implements AutoCloseable {
    private final KafkaConsumer<String, CloudEvent> consumer;
    private final Map<String, CompletableFuture<Seen>> seen;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    EventWatcher(String bootstrap, Map<String, CompletableFuture<Seen>> seen) {
      Properties config = new Properties();
      config.put("bootstrap.servers", bootstrap);
      config.put("group.id", "reel-bench-" + UUID.randomUUID());
      config.put("client.id", "reel-bench-event-latency");
      config.put("auto.offset.reset", "latest");
      config.put("enable.auto.commit", "false");
      this.consumer = new KafkaConsumer<>(config, new StringDeserializer(),
          new CloudEventDeserializer());
      this.seen = seen;
      this.thread = new Thread(this::poll, "event-watcher");
      this.thread.setDaemon(true);
      this.thread.start();
    }

    private void poll() {
      consumer.subscribe(List.of(Topic.MEDIA_UPLOADED.topicName()),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              // Resolve "latest" now, before the first upload, so no timed event is skipped
              // and none from an earlier scenario is counted.
              partitions.forEach(consumer::position);
              assigned.countDown();
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }
          });
      try {
        while (running) {
          var records = consumer.poll(Duration.ofMillis(100));
          long nanos = System.nanoTime();
          long wall = System.currentTimeMillis();
          for (ConsumerRecord<String, CloudEvent> record : records) {
            CloudEvent event = record.value();
            long eventTime = event != null && event.getTime() != null
                ? event.getTime().toInstant().toEpochMilli() : wall;
            seen.computeIfAbsent(record.key(), id -> new CompletableFuture<>())
                .complete(new Seen(nanos, wall, eventTime));
          }
        }
      } catch (org.apache.kafka.common.errors.WakeupException e) {
        // close() asked us to stop
      } finally {
        consumer.close(Duration.ofSeconds(5));
      }
    }

    void awaitAssigned() throws InterruptedException {
      if (!assigned.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the Kafka consumer got no partitions of "
            + Topic.MEDIA_UPLOADED.topicName() + " within 60 s");
      }
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      consumer.wakeup();
      thread.join(10_000);
    }
  }
}
