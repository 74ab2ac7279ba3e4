package dev.reel.common.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every Kafka topic Reel uses, with the payload type it carries. The topic name is also the
 * CloudEvents {@code type} of its events. Nothing else in the code base spells a topic name.
 */
public enum Topic {
  MEDIA_UPLOADED("media.uploaded", MediaUploaded.class, Retention.FOREVER),
  MEDIA_DELETED("media.deleted", MediaDeleted.class, Retention.FOREVER),
  TRANSCODE_PROGRESS("transcode.progress", TranscodeProgress.class, Retention.WEEK),
  TRANSCODE_COMPLETED("transcode.completed", TranscodeCompleted.class, Retention.FOREVER),
  TRANSCODE_FAILED("transcode.failed", TranscodeFailed.class, Retention.FOREVER),
  DELIVERY_ACCESS("delivery.access", DeliveryAccessed.class, Retention.WEEK);

  /** Dead-letter topics are named after their source topic with this suffix. */
  public static final String DLQ_SUFFIX = ".dlq";

  /**
   * Asset lifecycle topics are the record from which services rebuild their state, so they are
   * kept forever; high-volume telemetry topics expire.
   */
  public enum Retention {
    FOREVER(-1L),
    WEEK(7L * 24 * 60 * 60 * 1000);

    public final long millis;

    Retention(long millis) {
      this.millis = millis;
    }
  }

  private final String topicName;
  private final Class<? extends Record> payloadType;
  private final Retention retention;

  Topic(String topicName, Class<? extends Record> payloadType, Retention retention) {
    this.topicName = topicName;
    this.payloadType = payloadType;
    this.retention = retention;
  }

  public String topicName() {
    return topicName;
  }

  /** The CloudEvents {@code type} attribute of events on this topic. */
  public String eventType() {
    return topicName;
  }

  public String dlqName() {
    return topicName + DLQ_SUFFIX;
  }

  public Class<? extends Record> payloadType() {
    return payloadType;
  }

  public Retention retention() {
    return retention;
  }

  public static Optional<Topic> byName(String name) {
    return Arrays.stream(values()).filter(t -> t.topicName.equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return topicName;
  }
}
