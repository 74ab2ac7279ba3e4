package dev.reel.common.http;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Responses that Vert.x will never end: a file sent by the kernel (sendfile) whose client hung
 * up while it was being sent. Vert.x then runs none of the request's end handlers, so whatever
 * records a request when its response ends ({@link RequestMetrics}, delivery's access log) also
 * registers here, and the handler that sees the file fail says so.
 */
public final class ResponseCut {

  private static final String RECORDERS = "reel.responseCut";

  private ResponseCut() {
  }

  /** Runs {@code record} if the response is cut short; the caller makes it run once at most. */
  public static void onCut(RoutingContext ctx, Runnable record) {
    List<Runnable> recorders = ctx.get(RECORDERS);
    if (recorders == null) {
      recorders = new ArrayList<>(2);
      ctx.put(RECORDERS, recorders);
    }
    recorders.add(record);
  }

  /** The response will not end: everything registered records the request as it stands. */
  public static void happened(RoutingContext ctx) {
    List<Runnable> recorders = ctx.get(RECORDERS);
    if (recorders != null) {
      recorders.forEach(Runnable::run);
    }
  }
}
