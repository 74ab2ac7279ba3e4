package dev.reel.bench.reel;

import java.net.http.HttpRequest.BodyPublisher;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body that counts the bytes it hands to the HTTP client, so that a measurement can
 * act at a point of the upload (halfway, say). The client sends what it is handed at once, so
 * the count runs ahead of what the server has read by a socket buffer or so.
 */
final class CountingBody implements BodyPublisher {

  private final BodyPublisher body;
  private final AtomicLong sent;

  CountingBody(BodyPublisher body, AtomicLong sent) {
    this.body = body;
    this.sent = sent;
  }

  @Override
  public long contentLength() {
    return body.contentLength();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    body.subscribe(new Flow.Subscriber<ByteBuffer>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscriber.onSubscribe(subscription);
      }

      @Override
      public void onNext(ByteBuffer item) {
        sent.addAndGet(item.remaining());
        subscriber.onNext(item);
      }

      @Override
      public void onError(Throwable throwable) {
        subscriber.onError(throwable);
      }

      @Override
      public void onComplete() {
        subscriber.onComplete();
      }
    });
  }
}
