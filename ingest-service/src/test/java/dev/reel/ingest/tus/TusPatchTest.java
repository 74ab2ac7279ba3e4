package dev.reel.ingest.tus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.StorageLayout;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.domain.TransportStreams;
import dev.reel.ingest.storage.PartBuffers;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link TusPatch} against storage in memory: where the bytes of each request end up. */
class TusPatchTest {

  private static final int MIB = 1024 * 1024;
  private static final String ASSET = "01m8mevx8cvy6f0ya22kcwvrsz";

  private final InMemoryTusStorage storage = new InMemoryTusStorage();
  private final TusStateStore states = new TusStateStore(storage);
  private final PartBuffers buffers = new PartBuffers(3L * 5 * MIB);

  @Test
  @DisplayName("1 MiB PATCHes gather in the tail until a 5 MiB part exists; the last one "
      + "leaves every byte in parts, and the running SHA-256 is the file's")
  void partsAndTail() throws Exception {
    byte[] media = mp4(12 * MIB);
    TusUpload upload = created(media.length, "filetype " + b64("video/mp4"));
    for (int i = 1; i <= 12; i++) {
      upload = patch(upload, Arrays.copyOfRange(media, (i - 1) * MIB, i * MIB),
          Optional.empty()).await();
      assertEquals((long) i * MIB, upload.offset());
      assertEquals("video/mp4", upload.contentType());
      assertEquals(i == 12 ? 3 : i / 5, upload.parts().size(), "parts after PATCH " + i);
      assertEquals(i == 12 ? 0 : (i % 5) * MIB, upload.tailLength());
      assertEquals(upload, states.load(ASSET).await().orElseThrow());
    }

    assertStoredWhole(upload, media);
  }

  @Test
  @DisplayName("with announced lengths a PATCH's last part takes in what would have been a tail: "
      + "longer than the part size, or shorter but at least 5 MiB; under 5 MiB stays a tail")
  void announcedBodiesLeaveNoTail() throws Exception {
    byte[] media = mp4(40 * MIB);
    TusUpload upload = created(media.length, null);
    assertEquals(5 * MIB, upload.partSize());

    upload = announced(upload, Arrays.copyOf(media, 13 * MIB)).await();
    assertEquals(List.of(5L * MIB, 8L * MIB), sizes(upload), "5 + 8, no 3 MiB tail");
    assertEquals(0, upload.tailLength());
    assertNull(upload.tailKey());

    upload = announced(upload, Arrays.copyOfRange(media, 13 * MIB, 19 * MIB + 5)).await();
    assertEquals(List.of(5L * MIB, 8L * MIB, 6L * MIB + 5), sizes(upload));
    assertEquals(0, upload.tailLength());

    upload = announced(upload, Arrays.copyOfRange(media, 19 * MIB + 5, 22 * MIB)).await();
    assertEquals(3, upload.parts().size(), "under 5 MiB cannot be a part");
    assertEquals(3 * MIB - 5, upload.tailLength());

    upload = announced(upload, Arrays.copyOfRange(media, 22 * MIB, media.length)).await();
    assertStoredWhole(upload, media);
  }

  @Test
  @DisplayName("with a part size over 5 MiB: an announced body shorter than a part is a part of "
      + "its own; a body cut short or of unannounced length sends 5 MiB or more of its end "
      + "as a part; with REEL_TUS_EQUAL_PARTS every part but the last is the part size")
  void shortPartsAndEqualParts() throws Exception {
    // Past 10,000 parts of 5 MiB: 6 MiB parts. Only the first 27 MiB are sent.
    long length = 10_000L * 5 * MIB + 1;
    byte[] media = mp4(27 * MIB);
    TusUpload upload = created(length, null);
    assertEquals(6 * MIB, upload.partSize());

    int at = 11 * MIB / 2;
    upload = announced(upload, Arrays.copyOf(media, at)).await();
    assertEquals(List.of((long) at), sizes(upload));

    int dropped = at + 11 * MIB + 3;
    upload = unannounced(upload, FakeBody.droppedAfter(Arrays.copyOfRange(media, at, dropped),
        64 * 1024)).await();
    assertEquals(List.of((long) at, 6L * MIB, 5L * MIB + 3), sizes(upload));
    assertEquals(0, upload.tailLength());

    upload = patch(upload, Arrays.copyOfRange(media, dropped, media.length), Optional.empty())
        .await();
    assertEquals(List.of((long) at, 6L * MIB, 5L * MIB + 3, 6L * MIB), sizes(upload),
        "equal parts: what is left after a whole part waits in the tail");
    long partBytes = upload.partBytes();
    assertEquals(media.length - partBytes, upload.tailLength());
    assertArrayEquals(Arrays.copyOfRange(media, (int) partBytes, media.length),
        states.readTail(upload).await());

    String key = StorageLayout.originalKey(ASSET);
    storage.completeMultipart(key, upload.multipartUploadId(), upload.parts()).await();
    assertArrayEquals(Arrays.copyOf(media, (int) partBytes), storage.objects.get(key),
        "the parts are the upload's bytes in order, each but the last at least 5 MiB");
  }

  @Test
  @DisplayName("a part shorter than the part size is only cut where the rest still fits in "
      + "10,000 parts")
  void shortPartsKeepWithinTenThousand() throws Exception {
    // Exactly 10,000 parts of 6 MiB: any part shorter than 6 MiB would need a 10,001st.
    long length = 10_000L * 6 * MIB;
    Instant now = Instant.now();
    TusUpload fresh = TusUpload.create(ASSET, length, UploadMetadata.parse(null), "key", now,
        now.plus(1, ChronoUnit.DAYS));
    assertEquals(6 * MIB, fresh.partSize());
    String uploadId = storage.createMultipart(StorageLayout.originalKey(ASSET), null).await();
    List<TusUpload.Part> done = new ArrayList<>();
    for (int i = 1; i <= 9_990; i++) {
      done.add(new TusUpload.Part(i, "\"part-" + i + "\"", 6 * MIB));
    }
    TusUpload far = fresh.advanced(9_990L * 6 * MIB, uploadId, done, null, 0,
        ResumableSha256.initialState(), "video/mp4", fresh.expiresAt());
    states.save(far).await();

    TusUpload after = announced(far, mp4(11 * MIB / 2)).await();

    assertEquals(9_990, after.parts().size(), "no short part");
    assertEquals(11 * MIB / 2, after.tailLength());
  }

  @Test
  @DisplayName("chunks that straddle part boundaries make exact parts and tail, and every part "
      + "buffer is back in the pool afterwards")
  void oddChunksMakeExactParts() throws Exception {
    byte[] media = mp4(12 * MIB + 7);
    TusUpload upload = created(media.length, null);

    TusUpload after = run(upload, FakeBody.of(Arrays.copyOf(media, 11 * MIB + 5), 65_537),
        Optional.empty()).await();

    assertEquals(2, after.parts().size());
    assertEquals(List.of(5L * MIB, 5L * MIB), after.parts().stream()
        .map(TusUpload.Part::size).toList());
    assertArrayEquals(Arrays.copyOfRange(media, 10 * MIB, 11 * MIB + 5),
        states.readTail(after).await());
    after = patch(after, Arrays.copyOfRange(media, 11 * MIB + 5, media.length),
        Optional.empty()).await();
    assertEquals(sha256(media), ResumableSha256.fromState(after.sha256State()).hexDigest());
    assertEquals(5L * MIB, buffers.idleBytes(), "one buffer, taken and given back each time");
  }

  @Test
  @DisplayName("a dropped connection keeps the bytes that arrived: whole parts, and the rest "
      + "as the tail")
  void droppedConnectionKeepsWhatArrived() {
    byte[] media = mp4(12 * MIB);
    TusUpload upload = created(media.length, null);

    TusUpload after = run(upload, FakeBody.droppedAfter(Arrays.copyOf(media, 7 * MIB + 3),
        64 * 1024), Optional.empty()).await();

    assertEquals(7 * MIB + 3, after.offset());
    assertEquals(1, after.parts().size());
    assertEquals(2 * MIB + 3, after.tailLength());
    assertArrayEquals(Arrays.copyOfRange(media, 5 * MIB, 7 * MIB + 3),
        states.readTail(after).await());
  }

  @Test
  @DisplayName("a body that does not match its checksum fails with 460 and nothing is recorded")
  void checksumMismatchKeepsNothing() throws Exception {
    byte[] media = mp4(2 * MIB);
    TusUpload upload = patch(created(media.length, null), Arrays.copyOf(media, MIB),
        Optional.empty()).await();
    byte[] wrongDigest = MessageDigest.getInstance("SHA-256").digest(new byte[] {1});
    Optional<UploadChecksum> wrong = UploadChecksum.parse("sha256 "
        + Base64.getEncoder().encodeToString(wrongDigest));

    Throwable failure = assertThrows(Exception.class, () -> patch(upload,
        Arrays.copyOfRange(media, MIB, 2 * MIB), wrong).await());

    assertEquals(ErrorCode.CHECKSUM_MISMATCH, assertInstanceOf(ApiException.class,
        failure).code());
    assertEquals(upload, states.load(ASSET).await().orElseThrow());
    assertArrayEquals(Arrays.copyOf(media, MIB), states.readTail(upload).await());
  }

  @Test
  @DisplayName("content that is not media fails with 415 before anything is stored")
  void textIsRefused() {
    TusUpload upload = created(2 * MIB, null);
    byte[] text = "not media at all. ".repeat(60_000).getBytes(StandardCharsets.US_ASCII);

    Throwable failure = assertThrows(Exception.class,
        () -> patch(upload, Arrays.copyOf(text, MIB), Optional.empty()).await());

    assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, assertInstanceOf(ApiException.class,
        failure).code());
    assertTrue(storage.multiparts.isEmpty());
    assertEquals(0, states.load(ASSET).await().orElseThrow().offset());
  }

  @Test
  @DisplayName("an upload smaller than one part is stored whole in one PUT when its last "
      + "byte arrives")
  void smallUploadIsOnePut() {
    byte[] media = mp4(100_000);
    TusUpload upload = patch(created(media.length, null), Arrays.copyOf(media, 150),
        Optional.empty()).await();
    assertNull(upload.contentType(), "150 bytes are too few to sniff an upload of 100,000");

    upload = patch(upload, Arrays.copyOfRange(media, 150, media.length), Optional.empty())
        .await();

    assertTrue(upload.allBytesStored());
    assertNull(upload.multipartUploadId());
    assertEquals("video/mp4", upload.contentType());
    assertArrayEquals(media, storage.objects.get(StorageLayout.originalKey(ASSET)));
  }

  @Test
  @DisplayName("an M2TS upload (192-byte packets, the first sync byte at 4) is sniffed once its "
      + "first KiB is here and kept as video/mp2t")
  void m2tsIsMp2t() {
    byte[] m2ts = TransportStreams.of(192, 0, 200);
    TusUpload upload = patch(created(m2ts.length, "filetype " + b64("video/MP2T")),
        Arrays.copyOf(m2ts, 500), Optional.empty()).await();
    assertNull(upload.contentType(), "500 bytes are too few to sniff a transport stream");

    upload = patch(upload, Arrays.copyOfRange(m2ts, 500, m2ts.length), Optional.empty())
        .await();

    assertTrue(upload.allBytesStored());
    assertEquals("video/mp2t", upload.contentType());
    assertArrayEquals(m2ts, storage.objects.get(StorageLayout.originalKey(ASSET)));
  }

  private TusUpload created(long length, String metadata) {
    Instant now = Instant.now();
    TusUpload upload = TusUpload.create(ASSET, length, UploadMetadata.parse(metadata), "key",
        now, now.plus(1, ChronoUnit.DAYS));
    states.save(upload).await();
    return upload;
  }

  private Future<TusUpload> patch(TusUpload upload, byte[] body,
      Optional<UploadChecksum> checksum) {
    return run(upload, FakeBody.of(body, 64 * 1024), checksum);
  }

  private Future<TusUpload> run(TusUpload upload, FakeBody body,
      Optional<UploadChecksum> checksum) {
    return tusPatch(upload, checksum, true).run(body);
  }

  /** A PATCH that announces its length (Content-Length), parts of unequal size allowed. */
  private Future<TusUpload> announced(TusUpload upload, byte[] body) {
    return tusPatch(upload, Optional.empty(), false)
        .run(FakeBody.of(body, 64 * 1024), Optional.of((long) body.length));
  }

  /** The same without a Content-Length (chunked), or cut short: {@code body} is what arrived. */
  private Future<TusUpload> unannounced(TusUpload upload, FakeBody body) {
    return tusPatch(upload, Optional.empty(), false).run(body);
  }

  private TusPatch tusPatch(TusUpload upload, Optional<UploadChecksum> checksum,
      boolean equalParts) {
    return new TusPatch(storage, buffers, states, upload, checksum,
        Instant.now().plus(1, ChronoUnit.DAYS), equalParts);
  }

  /**
   * Every byte is in parts, the running SHA-256 is the file's, and S3 assembles the parts into
   * the file.
   */
  private void assertStoredWhole(TusUpload upload, byte[] media) throws Exception {
    assertTrue(upload.allBytesStored());
    assertEquals(sha256(media), ResumableSha256.fromState(upload.sha256State()).hexDigest());
    String key = StorageLayout.originalKey(ASSET);
    storage.completeMultipart(key, upload.multipartUploadId(), upload.parts()).await();
    assertArrayEquals(media, storage.objects.get(key));
  }

  private static List<Long> sizes(TusUpload upload) {
    return upload.parts().stream().map(TusUpload.Part::size).toList();
  }

  private static byte[] mp4(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    byte[] ftyp = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
    System.arraycopy(ftyp, 0, bytes, 0, ftyp.length);
    return bytes;
  }

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
