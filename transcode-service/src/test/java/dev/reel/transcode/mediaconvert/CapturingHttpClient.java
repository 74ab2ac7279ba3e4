package dev.reel.transcode.mediaconvert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client for the SDK that sends nothing: it keeps the request the SDK marshalled and
 * signed, and answers with a fixed body. It shows exactly what the SDK would put on the wire.
 */
final class CapturingHttpClient implements SdkHttpClient {

  private final int status;
  private final String answer;
  private volatile SdkHttpRequest request;
  private volatile String body;

  CapturingHttpClient(int status, String answer) {
    this.status = status;
    this.answer = answer;
  }

  SdkHttpRequest request() {
    return request;
  }

  String body() {
    return body;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest execute) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        request = execute.httpRequest();
        if (execute.contentStreamProvider().isPresent()) {
          try (InputStream in = execute.contentStreamProvider().get().newStream()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
        }
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(status)
                .putHeader("Content-Type", "application/json").build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(
                answer.getBytes(StandardCharsets.UTF_8))))
            .build();
      }

      @Override
      public void abort() {
      }
    };
  }

  @Override
  public void close() {
  }
}
