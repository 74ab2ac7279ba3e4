package dev.reel.platform.it;

import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.admin.config.AccessLogArchiveSettings;
import dev.reel.admin.http.AdminVerticle;
import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.event.DeliveryAccessed;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.Topic;
import dev.reel.delivery.config.DeliveryConfig;
import dev.reel.delivery.http.DeliveryVerticle;
import io.cloudevents.CloudEvent;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;

/**
 * Every request for media gives one {@code delivery.access} event on the real Kafka, with what
 * happened (full, ranged, not found, cut short), who asked (through a trusted proxy too) and
 * what their player said (CMCD); and admin writes the same records to the bucket as gzip'd JSON
 * lines under {@code logs/access/}.
 */
class DeliveryAccessLogTest {

  private static final int SIZE = 1000;
  private static final int LARGE_SIZE = 32 * 1024 * 1024;
  private static final String REQUESTS = "reel_http_server_requests_seconds_count";
  /** The JDK client upgrades to HTTP/2 where it can; this one stays on HTTP/1.1. */
  private static final HttpClient HTTP_1_1 = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  private static RunningService<DeliveryVerticle> delivery;
  private static RunningService<AdminVerticle> admin;
  private static String assetId;
  private static String largeAssetId;

  @BeforeAll
  static void start() {
    assetId = put(random(SIZE, 7));
    largeAssetId = put(random(LARGE_SIZE, 8));
    // Only this test's requests, read by a group of its own, go into its access log objects.
    String group = "access-logs-" + UUID.randomUUID();
    TestTopics.groupStartsAtEnd(group, Topic.DELIVERY_ACCESS);
    admin = Services.admin(new JsonObject()
        .put(AccessLogArchiveSettings.GROUP, group)
        .put(AccessLogArchiveSettings.FLUSH_SECONDS, "1"));
    // Public media: these tests are about what is logged; signing is tested on its own.
    delivery = Services.delivery(new JsonObject()
        .put("REEL_DELIVERY_PUBLIC_ASSETS", "*")
        .put(DeliveryConfig.TRUSTED_PROXIES, "127.0.0.1/32"));
  }

  @AfterAll
  static void stop() {
    if (delivery != null) {
      delivery.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  @DisplayName("a full GET: 200, every byte counted, the request's headers, no range, no key, "
      + "no cache hit; its id is the event id and the response's X-Request-Id")
  void fullGet() {
    // An object of its own: the first request for it is the edge cache's miss.
    String fresh = put(random(SIZE, 9));
    HttpResponse<byte[]> response = send(HTTP_1_1, request(delivery.uri(source(fresh)))
        .header("User-Agent", "ReelTest/1.0").header("Referer", "https://app.example.com/w")
        .build());
    assertEquals(200, response.statusCode());

    DeliveryAccessed access = accessOf(fresh, requestId(response));
    assertEquals(fresh, access.assetId());
    assertEquals("GET", access.method());
    assertEquals(source(fresh), access.path());
    assertEquals(200, access.status());
    assertEquals(SIZE, access.bytesSent());
    assertNull(access.range());
    assertEquals("127.0.0.1", access.clientIp());
    assertEquals("ReelTest/1.0", access.userAgent());
    assertEquals("https://app.example.com/w", access.referer());
    assertNull(access.keyId());
    assertFalse(access.cacheHit());
    assertEquals("HTTP/1.1", access.protocol());
    assertNull(access.cmcd());
    assertTrue(access.durationMs() >= 0 && access.durationMs() < 30_000, "" + access);
    // A cold GET: the status line waited for S3's answer, and went out before the body ended.
    assertTrue(access.timeToFirstByteMicros() > 0
        && access.timeToFirstByteMicros() <= access.durationMs() * 1000 + 1000, "" + access);
    assertTrue(Duration.between(access.servedAt(), Instant.now()).abs().toMinutes() < 5);
  }

  @Test
  @DisplayName("the edge cache's answers are logged as hits: after the first viewer's miss, a "
      + "whole GET, a range and a multipart range of the same object; a HEAD sends no body "
      + "and is no hit")
  void cacheHits() {
    String fresh = put(random(SIZE, 10));
    URI uri = delivery.uri(source(fresh));
    HttpResponse<byte[]> first = send(request(uri).build());
    assertFalse(accessOf(fresh, requestId(first)).cacheHit(), "the first viewer's is a miss");

    HttpResponse<byte[]> again = send(request(uri).build());
    HttpResponse<byte[]> ranged = send(request(uri).header("Range", "bytes=10-19").build());
    HttpResponse<byte[]> parts = send(request(uri).header("Range", "bytes=0-9,500-509")
        .build());
    HttpResponse<byte[]> head = send(request(uri).method("HEAD", BodyPublishers.noBody())
        .build());
    assertEquals(List.of(200, 206, 206, 200), List.of(again.statusCode(), ranged.statusCode(),
        parts.statusCode(), head.statusCode()));
    assertTrue(accessOf(fresh, requestId(again)).cacheHit(), "whole GET");
    assertTrue(accessOf(fresh, requestId(ranged)).cacheHit(), "single range");
    assertTrue(accessOf(fresh, requestId(parts)).cacheHit(), "multipart ranges");
    assertFalse(accessOf(fresh, requestId(head)).cacheHit(), "HEAD");
  }

  @Test
  @DisplayName("private media: a signed request is logged with the key pair id that signed it; "
      + "a refused one with none")
  void keyIdOfTheSignature() {
    try (RunningService<DeliveryVerticle> signed = Services.delivery(new JsonObject())) {
      URI uri = signed.uri(source(assetId));
      HttpResponse<byte[]> allowed = send(request(Signing.url(uri)).build());
      HttpResponse<byte[]> refused = send(request(uri).build());
      assertEquals(200, allowed.statusCode());
      assertEquals(403, refused.statusCode());

      assertEquals(Signing.keyId(), accessOf(assetId, requestId(allowed)).keyId());
      assertNull(accessOf(assetId, requestId(refused)).keyId());
    }
  }

  @Test
  @DisplayName("a ranged GET: 206 with the range as sent and only the range's bytes counted")
  void rangedGet() {
    HttpResponse<byte[]> response = send(request(delivery.uri(source(assetId)))
        .header("Range", "bytes=100-199").build());
    assertEquals(206, response.statusCode());

    DeliveryAccessed access = accessOf(assetId, requestId(response));
    assertEquals(206, access.status());
    assertEquals(100, access.bytesSent());
    assertEquals("bytes=100-199", access.range());
  }

  @Test
  @DisplayName("HEAD is logged with no body bytes")
  void head() {
    HttpResponse<byte[]> response = send(request(delivery.uri(source(assetId)))
        .method("HEAD", BodyPublishers.noBody()).build());

    DeliveryAccessed access = accessOf(assetId, requestId(response));
    assertEquals("HEAD", access.method());
    assertEquals(200, access.status());
    assertEquals(0, access.bytesSent());
  }

  @Test
  @DisplayName("a 404 for an asset with no such file is logged, with the JSON error's bytes")
  void notFound() {
    String unknown = AssetId.generate();
    HttpResponse<byte[]> response = send(request(delivery.uri(source(unknown))).build());
    assertEquals(404, response.statusCode());

    DeliveryAccessed access = accessOf(unknown, requestId(response));
    assertEquals(404, access.status());
    assertEquals(response.body().length, access.bytesSent());
  }

  @Test
  @DisplayName("a download the viewer cuts short is logged with the bytes written before the "
      + "connection closed, not the whole length")
  void cutDownload() throws IOException {
    String fresh = put(random(LARGE_SIZE, 11));
    Cut cut = cutShort(delivery.uri(source(fresh)));

    DeliveryAccessed access = accessOf(fresh, cut.requestId());
    assertEquals(200, access.status());
    assertTrue(access.bytesSent() >= cut.received() - 1024 && access.bytesSent() < LARGE_SIZE,
        "received " + cut.received() + ", logged " + access.bytesSent() + " of " + LARGE_SIZE);
  }

  @Test
  @DisplayName("a download of a disk hit (sent by the kernel, sendfile) that the viewer cuts "
      + "short is logged too, as a hit, and counted in the request metric")
  void cutDiskHit() throws IOException, InterruptedException {
    URI uri = delivery.uri(source(largeAssetId));
    // Too large for the memory level: the whole GET leaves it in the disk level, once the fill
    // has written its last bytes and closed its file.
    assertEquals(LARGE_SIZE, send(HTTP_1_1, request(uri).build()).body().length);
    Thread.sleep(1000);
    double okBefore = delivery.metric(REQUESTS, "status=\"200\"");
    Cut cut = cutShort(uri);

    DeliveryAccessed access = accessOf(largeAssetId, cut.requestId());
    assertEquals(200, access.status());
    assertTrue(access.cacheHit());
    assertTrue(access.bytesSent() <= LARGE_SIZE, String.valueOf(access.bytesSent()));
    // The cut download, and the scrape that read the count before it.
    assertEquals(okBefore + 2, delivery.metric(REQUESTS, "status=\"200\""));
  }

  @Test
  @DisplayName("over HTTP/2 a whole GET of a large object counts every byte of its body, from the "
      + "origin and then from the cache")
  void http2Bytes() {
    String fresh = put(random(3 * 1024 * 1024, 12));
    HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    for (int i = 0; i < 2; i++) {
      HttpResponse<byte[]> response = send(http2, request(delivery.uri(source(fresh))).build());
      assertEquals(HttpClient.Version.HTTP_2, response.version());
      DeliveryAccessed access = accessOf(fresh, requestId(response));
      assertEquals("HTTP/2", access.protocol());
      assertEquals(response.body().length, access.bytesSent(), "request " + i);
    }
  }

  private record Cut(String requestId, int received) {
  }

  /** A GET over HTTP/1.1 that reads 512 KiB of the body and then drops the connection. */
  private static Cut cutShort(URI uri) throws IOException {
    int received = 0;
    try (Socket socket = new Socket()) {
      // A small window, set before connecting: the server is still sending when the connection
      // goes, however fast it sends.
      socket.setReceiveBufferSize(64 * 1024);
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
      socket.setSoLinger(true, 0); // close with a reset, as a viewer's dropped connection does
      socket.getOutputStream().write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1"
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      byte[] chunk = new byte[64 * 1024];
      StringBuilder head = new StringBuilder();
      while (received < 512 * 1024) {
        int n = in.read(chunk);
        assertTrue(n > 0, "the server ended the response early");
        received += n;
        if (head.indexOf("\r\n\r\n") < 0) {
          head.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
        }
      }
      return new Cut(head.toString().lines()
          .filter(line -> line.toLowerCase().startsWith("x-request-id:"))
          .map(line -> line.substring("x-request-id:".length()).trim())
          .findFirst().orElseThrow(), received);
    }
  }

  @Test
  @DisplayName("a download still under way when delivery stops is logged before the access log "
      + "sends its last batch, cut short")
  void downloadUnderWayAtStop() throws Exception {
    RunningService<DeliveryVerticle> stopping = Services.delivery(new JsonObject()
        .put("REEL_DELIVERY_PUBLIC_ASSETS", "*"));
    URI uri = stopping.uri(source(largeAssetId));
    String requestId;
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.getOutputStream().write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1"
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      // The head and a little of the body; then the viewer stops reading, its window fills.
      byte[] chunk = new byte[16 * 1024];
      int n = socket.getInputStream().read(chunk);
      String head = new String(chunk, 0, n, StandardCharsets.ISO_8859_1);
      requestId = head.lines().filter(line -> line.toLowerCase().startsWith("x-request-id:"))
          .map(line -> line.substring("x-request-id:".length()).trim())
          .findFirst().orElseThrow(() -> new AssertionError(head));

      stopping.close();
    }

    DeliveryAccessed access = accessOf(largeAssetId, requestId);
    assertEquals(200, access.status());
    assertTrue(access.bytesSent() < LARGE_SIZE, "" + access);
  }

  @Test
  @DisplayName("CMCD from the query string and from the four headers is parsed into known "
      + "keys; an unknown key and a broken value are left out and the request still succeeds")
  void cmcd() {
    String query = "?CMCD=" + encode("bl=21300,br=3200,ot=v,sid=\"6e2fb550-c457\",xx=1");
    HttpResponse<byte[]> fromQuery = send(request(delivery.uri(source(assetId) + query))
        .build());
    HttpResponse<byte[]> fromHeaders = send(request(delivery.uri(source(assetId)))
        .header("CMCD-Request", "bl=1000,dl=800,mtp=25400,nor=\"seg2.m4s\",su")
        .header("CMCD-Object", "br=4500,d=4004,ot=av,tb=6000")
        .header("CMCD-Status", "bs,rtp=15000")
        .header("CMCD-Session", "cid=\"film\",pr=1.5,sf=h,sid=\"s-1\",st=v,v=1,junk=\"")
        .build());
    assertEquals(200, fromQuery.statusCode());
    assertEquals(200, fromHeaders.statusCode());

    assertEquals(Map.of("bl", "21300", "br", "3200", "ot", "v", "sid", "6e2fb550-c457"),
        accessOf(assetId, requestId(fromQuery)).cmcd());
    assertEquals(Map.ofEntries(Map.entry("bl", "1000"), Map.entry("dl", "800"),
            Map.entry("mtp", "25400"), Map.entry("nor", "seg2.m4s"), Map.entry("su", "true"),
            Map.entry("br", "4500"), Map.entry("d", "4004"), Map.entry("ot", "av"),
            Map.entry("tb", "6000"), Map.entry("bs", "true"), Map.entry("rtp", "15000"),
            Map.entry("cid", "film"), Map.entry("pr", "1.5"), Map.entry("sf", "h"),
            Map.entry("sid", "s-1"), Map.entry("st", "v"), Map.entry("v", "1")),
        accessOf(assetId, requestId(fromHeaders)).cmcd());
  }

  @Test
  @DisplayName("behind a trusted proxy, the client is the rightmost untrusted X-Forwarded-For hop")
  void forwardedFor() {
    HttpResponse<byte[]> response = send(request(delivery.uri(source(assetId)))
        .header("X-Forwarded-For", "6.6.6.6, 203.0.113.9").build());

    assertEquals("203.0.113.9", accessOf(assetId, requestId(response)).clientIp());
  }

  @Test
  @DisplayName("admin writes the records to gzip'd JSON lines objects under logs/access/yyyy/mm/"
      + "dd/HH/, equal to the events")
  void accessLogObjects() {
    String other = AssetId.generate();
    List<String> ids = List.of(
        requestId(send(request(delivery.uri(source(assetId))).build())),
        requestId(send(request(delivery.uri(source(assetId)))
            .header("Range", "bytes=0-9").build())),
        requestId(send(request(delivery.uri(source(other))).build())));
    Map<String, DeliveryAccessed> events = new HashMap<>();
    events.put(ids.get(0), accessOf(assetId, ids.get(0)));
    events.put(ids.get(1), accessOf(assetId, ids.get(1)));
    events.put(ids.get(2), accessOf(other, ids.get(2)));

    Map<String, DeliveryAccessed> logged = new HashMap<>();
    eventually(Duration.ofSeconds(60), "access log objects with " + ids, () -> {
      logged.putAll(loggedUnder(events.values().stream()
          .map(e -> hourPrefix(e.servedAt())).distinct().toList(), Set.copyOf(ids)));
      return logged.keySet().containsAll(ids);
    });
    for (String id : ids) {
      assertEquals(events.get(id), logged.get(id), "line of request " + id);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The access event of one request, once it is on the topic. */
  private static DeliveryAccessed accessOf(String asset, String requestId) {
    Map<String, CloudEvent> found = new HashMap<>();
    eventually(Duration.ofSeconds(30), "delivery.access event " + requestId, () -> {
      found.putAll(TestTopics.events(Topic.DELIVERY_ACCESS, asset));
      return found.containsKey(requestId);
    });
    CloudEvent event = found.get(requestId);
    assertEquals("/reel/delivery", event.getSource().toString());
    assertEquals(asset, event.getSubject());
    DeliveryAccessed access = EventCodec.decode(event, DeliveryAccessed.class).data();
    assertEquals(requestId, access.requestId());
    return access;
  }

  private static String requestId(HttpResponse<?> response) {
    String id = response.headers().firstValue("X-Request-Id").orElse(null);
    assertNotNull(id, "no X-Request-Id in " + response.headers().map());
    return id;
  }

  /** The records with one of {@code ids} in the access log objects under the prefixes. */
  private static Map<String, DeliveryAccessed> loggedUnder(List<String> prefixes,
      Set<String> ids) {
    Map<String, DeliveryAccessed> found = new HashMap<>();
    for (String prefix : prefixes) {
      for (String key : TestBucket.keys(prefix)) {
        assertTrue(key.endsWith(".jsonl.gz"), key);
        for (String line : gunzip(get(key)).split("\n")) {
          DeliveryAccessed access = parse(line);
          if (ids.contains(access.requestId())) {
            found.put(access.requestId(), access);
          }
        }
      }
    }
    return found;
  }

  private static DeliveryAccessed parse(String line) {
    try {
      return EventCodec.json().readValue(line, DeliveryAccessed.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not a record: " + line, e);
    }
  }

  private static String hourPrefix(Instant servedAt) {
    return StorageLayout.ACCESS_LOGS_PREFIX + DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/")
        .withZone(ZoneOffset.UTC).format(servedAt);
  }

  private static byte[] get(String key) {
    return TestPlatform.get().s3Client().getObject(b -> b.bucket(TestPlatform.BUCKET).key(key),
        AsyncResponseTransformer.toBytes()).join().asByteArray();
  }

  private static String gunzip(byte[] gzipped) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String source(String id) {
    return "/v1/media/" + id + "/source";
  }

  private static String put(byte[] bytes) {
    String id = AssetId.generate();
    TestPlatform.get().s3Client().putObject(b -> b.bucket(TestPlatform.BUCKET)
        .key(StorageLayout.originalKey(id)).contentType("video/mp4")
        .contentLength((long) bytes.length), AsyncRequestBody.fromBytes(bytes)).join();
    return id;
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
