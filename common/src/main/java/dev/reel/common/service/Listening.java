package dev.reel.common.service;

/** A verticle that serves HTTP, and the port it actually bound. */
public interface Listening {
  int port();
}
