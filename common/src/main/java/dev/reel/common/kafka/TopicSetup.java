package dev.reel.common.kafka;

import dev.reel.common.event.Topic;
import io.vertx.core.Future;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Reel's topics and their dead-letter topics where they are missing. Safe to call from
 * every service at start and from the launcher: existing topics are left as they are.
 */
public final class TopicSetup {

  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
  private TopicSetup() {
  }

  public static Future<Void> ensureAll(KafkaAdminClient admin, KafkaSettings settings) {
    int partitions = settings.topicPartitions();
    short replicationFactor = settings.topicReplicationFactor();
    return admin.listTopics().compose(existing -> {
      List<NewTopic> missing = new ArrayList<>();
      for (Topic topic : Topic.values()) {
        addIfMissing(missing, existing, topic.topicName(), topic.retention().millis, partitions,
            replicationFactor);
        addIfMissing(missing, existing, topic.dlqName(), Topic.Retention.FOREVER.millis, 1,
            replicationFactor);
      }
      if (missing.isEmpty()) {
        return Future.succeededFuture();
      }
      LOG.info("creating topics {}", missing.stream().map(NewTopic::getName).toList());
      return admin.createTopics(missing).recover(e -> tolerateRace(admin, missing, e));
    });
  }

  private static void addIfMissing(List<NewTopic> missing, Set<String> existing, String name,
      long retentionMillis, int partitions, short replicationFactor) {
    if (!existing.contains(name)) {
      missing.add(new NewTopic(name, partitions, replicationFactor)
          .setConfig(Map.of("retention.ms", String.valueOf(retentionMillis))));
    }
  }

  /** Another service may have created the same topics a moment earlier: that is success. */
  private static Future<Void> tolerateRace(KafkaAdminClient admin, List<NewTopic> wanted,
      Throwable error) {
    return admin.listTopics().compose(now -> {
      boolean allThere = wanted.stream().allMatch(t -> now.contains(t.getName()));
      return allThere ? Future.succeededFuture() : Future.failedFuture(error);
    });
  }
}
