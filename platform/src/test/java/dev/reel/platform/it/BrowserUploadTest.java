package dev.reel.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.event.Topic;
import dev.reel.ingest.config.PresignSettings;
import dev.reel.ingest.http.IngestVerticle;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A presigned upload driven by a web page, as an application's upload form does it: the plan
 * from ingest, the bytes PUT straight to S3 from the browser (CORS on both), then complete.
 */
class BrowserUploadTest {

  private static final long MIB = 1024 * 1024;
  private static RunningService<IngestVerticle> ingest;

  @BeforeAll
  static void start() {
    ingest = Services.ingest(new JsonObject()
        .put(PresignSettings.MULTIPART_THRESHOLD_BYTES, String.valueOf(5 * MIB)));
  }

  @AfterAll
  static void stop() {
    if (ingest != null) {
      ingest.close();
    }
  }

  /** The page's part: plan, PUT every part reading its ETag, complete with the ETags. */
  private static final String UPLOAD = """
      const [ingest, apiKey, size] = args;
      const bytes = new Uint8Array(size);
      bytes.set([0, 0, 0, 24, 102, 116, 121, 112, 105, 115, 111, 109]);
      for (let i = 12; i < size; i++) { bytes[i] = (i * 31) & 255; }
      const auth = {'Authorization': 'Bearer ' + apiKey};
      const plan = await (await fetch(ingest + '/v1/uploads/presigned', {method: 'POST',
          headers: {...auth, 'Content-Type': 'application/json'},
          body: JSON.stringify({size: size, contentType: 'video/mp4'})})).json();
      const parts = [];
      let offset = 0;
      for (const part of plan.parts) {
        const put = await fetch(part.url, {method: 'PUT',
            body: bytes.subarray(offset, offset + part.size)});
        if (!put.ok) { return {failedPart: part.partNumber, status: put.status}; }
        parts.push({partNumber: part.partNumber, etag: put.headers.get('ETag')});
        offset += part.size;
      }
      const complete = await fetch(ingest + plan.completeUrl, {method: 'POST',
          headers: {...auth, 'Content-Type': 'application/json'},
          body: JSON.stringify({parts: parts})});
      return {plan: plan, parts: parts, status: complete.status, body: await complete.json()};
      """;

  @Test
  @DisplayName("in Chromium, a page of another origin uploads a multipart presigned upload: "
      + "each part PUT straight to S3, its ETag read from S3's answer, then completed")
  void multipartFromAPage() throws Exception {
    long size = 11 * MIB + 12_345;
    JsonObject result;
    try (Browser browser = Browser.start()) {
      result = browser.run(UPLOAD, Duration.ofSeconds(60),
          ingest.uri("").toString().replaceAll("/$", ""), TestPlatform.API_KEY, size);
    }

    assertFalse(result.containsKey("error"), result.encode());
    assertTrue(result.getJsonObject("plan").getBoolean("multipart"), result.encode());
    assertEquals(2, result.getJsonArray("parts").size(), result.encode());
    for (Object part : result.getJsonArray("parts")) {
      assertTrue(((JsonObject) part).getString("etag", "").startsWith("\""), result.encode());
    }
    assertEquals(201, result.getInteger("status"), result.encode());
    String assetId = result.getJsonObject("body").getString("assetId");
    assertEquals(size, result.getJsonObject("body").getLong("size"), result.encode());
    Http.eventually(Duration.ofSeconds(30), "media.uploaded for " + assetId,
        () -> !TestTopics.events(Topic.MEDIA_UPLOADED, assetId).isEmpty());
  }
}
