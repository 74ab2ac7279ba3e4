package dev.reel.bench.scenarios;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BareServerTest {

  @Test
  void answersEveryGetWithItsBodyOverAFreshConnection() throws Exception {
    byte[] body = new byte[4096];
    new Random(7).nextBytes(body);
    try (BareServer bare = BareServer.serving(body)) {
      HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(bare.url()).build(), HttpResponse.BodyHandlers.ofByteArray());

      assertEquals(200, answer.statusCode());
      assertEquals("4096", answer.headers().firstValue("Content-Length").orElseThrow());
      assertEquals("video/iso.segment", answer.headers().firstValue("Content-Type").orElseThrow());
      assertArrayEquals(body, answer.body());
      // As the bench times it: a new connection, a 200, the body read to the end.
      for (int n = 0; n < 3; n++) {
        assertTrue(FirstByte.millis(bare.url()) > 0);
      }
    }
  }
}
