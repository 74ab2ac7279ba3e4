package dev.reel.platform.it;

import java.util.Set;
import java.util.TreeSet;
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
}
