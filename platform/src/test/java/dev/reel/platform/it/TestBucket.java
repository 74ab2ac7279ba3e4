package dev.reel.platform.it;

import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What the test bucket holds, read with the AWS SDK. */
public final class TestBucket {

  private TestBucket() {
  }

  /** Every key under {@code prefix}, across all pages of the listing. */
  public static Set<String> keys(String prefix) {
    Set<String> keys = new TreeSet<>();
    String token = null;
    do {
      String continuation = token;
      ListObjectsV2Response page = TestPlatform.get().s3Client()
          .listObjectsV2(b -> b.bucket(TestPlatform.BUCKET).prefix(prefix)
              .continuationToken(continuation)).join();
      page.contents().stream().map(S3Object::key).forEach(keys::add);
      token = page.isTruncated() ? page.nextContinuationToken() : null;
    } while (token != null);
    return keys;
  }

  /** Puts {@code bytes} at {@code key}, stored with {@code contentType}. */
  public static void put(String key, byte[] bytes, String contentType) {
    TestPlatform.get().s3Client().putObject(b -> b.bucket(TestPlatform.BUCKET).key(key)
        .contentType(contentType).contentLength((long) bytes.length),
        AsyncRequestBody.fromBytes(bytes)).join();
  }

  /** {@code size} random bytes, the same for the same seed. */
  public static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
