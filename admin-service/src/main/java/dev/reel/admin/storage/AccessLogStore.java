package dev.reel.admin.storage;

import io.vertx.core.Future;

/** Where access log objects go. */
public interface AccessLogStore {

  /** Writes (or overwrites) one gzip'd JSON lines object. */
  Future<Void> put(String key, byte[] gzipped);
}
