package dev.reel.delivery.kafka;

import dev.reel.common.event.DeliveryAccessed;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.Topic;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One {@code delivery.access} event, already in the bytes Kafka will carry: the key, the event id,
 * the time and the JSON data. The record is written the moment the request ends, and these bytes
 * are all that is held until Kafka has them. At tens of thousands of requests a second, what is
 * held is what every young collection copies, so each thread writes its events one after another
 * into large shared arrays: a collection finds a few of them, not a payload's dozen objects per
 * request (and with G1's default 1 MiB regions, none at all: an array of a region is allocated
 * outside the young generation and never copied). An array is freed by the collector once no event
 * in it is held.
 *
 * <p>The record is exactly what {@link EventCodec#encode} and the CloudEvents serializer make of
 * the same payload in binary mode: the same headers in the same order, and the JSON that
 * Jackson writes for {@link DeliveryAccessed} (which the tests compare, byte for byte), so every
 * consumer, with or without the SDK, sees no difference. Writing the few fields by hand costs a
 * fraction of Jackson's reflective serializer and of the SDK's event and time formatting.
 */
public final class AccessEvent {

  static final String SOURCE = "/reel/delivery";
  private static final String TOPIC = Topic.DELIVERY_ACCESS.topicName();
  private static final Header SPEC_VERSION = header("ce_specversion", "1.0");
  private static final Header SOURCE_HEADER = header("ce_source", SOURCE);
  private static final Header TYPE = header("ce_type", Topic.DELIVERY_ACCESS.eventType());
  private static final Header CONTENT_TYPE = header("content-type", EventCodec.DATA_CONTENT_TYPE);
  /**
   * The size of the shared arrays: well under half a G1 region (1 MiB at delivery's heap). An
   * array of half a region or more is humongous: G1 gives it regions of its own outside the young
   * generation, and the allocation of one can start a collection before the young generation is
   * full. Arrays of a whole region made 40% of delivery's collections under 4 KiB ranges.
   */
  static final int CHUNK_BYTES = 256 * 1024;
  /** Each thread writes its events through its own scratch space into its own current array. */
  private static final ThreadLocal<AccessEventWriter> WRITERS =
      ThreadLocal.withInitial(AccessEventWriter::new);

  private final byte[] chunk;
  private final int start;
  private final int keyEnd;
  private final int idEnd;
  private final int timeEnd;
  private final int end;

  AccessEvent(byte[] chunk, int start, int keyEnd, int idEnd, int timeEnd, int end) {
    this.chunk = chunk;
    this.start = start;
    this.keyEnd = keyEnd;
    this.idEnd = idEnd;
    this.timeEnd = timeEnd;
    this.end = end;
  }

  /** Writes the event of one request; its id is the request id, its subject the asset id. */
  public static AccessEvent of(DeliveryAccessed access) {
    AccessEventWriter out = WRITERS.get().reset();
    out.raw(access.assetId());
    int keyEnd = out.length();
    out.raw(access.requestId());
    int idEnd = out.length();
    out.offsetTime(access.servedAt());
    int timeEnd = out.length();
    out.json(access);
    return out.place(keyEnd, idEnd, timeEnd);
  }

  /** The Kafka record: keyed by the asset id, in CloudEvents binary mode. */
  public ProducerRecord<byte[], byte[]> record() {
    byte[] key = Arrays.copyOfRange(chunk, start, keyEnd);
    Header[] headers = {
        SPEC_VERSION,
        new RecordHeader("ce_id", Arrays.copyOfRange(chunk, keyEnd, idEnd)),
        SOURCE_HEADER,
        TYPE,
        CONTENT_TYPE,
        new RecordHeader("ce_subject", key),
        new RecordHeader("ce_time", Arrays.copyOfRange(chunk, idEnd, timeEnd))};
    return new ProducerRecord<>(TOPIC, null, null, key,
        Arrays.copyOfRange(chunk, timeEnd, end), new RecordHeaders(headers));
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
