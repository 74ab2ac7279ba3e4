package dev.reel.admin.http;

import dev.reel.admin.domain.AssetCatalog;
import dev.reel.common.event.EventCodec;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.common.http.Responses;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /v1/assets?limit=N}: the known assets, newest first. */
final class AssetsHandler {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final AssetCatalog catalog;

  AssetsHandler(AssetCatalog catalog) {
    this.catalog = catalog;
  }

  void list(RoutingContext ctx) {
    int limit = limit(ctx.queryParam("limit").stream().findFirst().orElse(null));
    var assets = catalog.newestFirst(limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("assets", assets);
    body.put("count", assets.size());
    body.put("total", catalog.size());
    ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store");
    Responses.end(ctx.request(), Buffer.buffer(EventCodec.toJson(body)));
  }

  private static int limit(String raw) {
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiException(ErrorCode.BAD_REQUEST,
        "limit must be a whole number from 1 to " + MAX_LIMIT + ", was '" + raw + "'");
  }
}
